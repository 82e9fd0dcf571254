import Hummingbird
import VanguardCore

/// 统计 on the web: the dashboard and the printable report.
enum StatisticsCapability: WebCapability {
    static let routes: [WebRoute] = [.dashboard, .report]
    static var strings: Strings.Catalog { Strings.statistics }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        DashboardPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let dashboard = WebRoute("/organizations/:id/dashboard")
    static let report = WebRoute("/organizations/:id/report")
}

extension WebURL {
    static func dashboard(_ id: Int64, year: Int) -> String { WebRoute.dashboard.url(id) + "?year=\(year)" }
    static func report(_ id: Int64, year: Int) -> String { WebRoute.report.url(id) + "?year=\(year)" }
}
