import Hummingbird
import VanguardCore

/// 积分与星级 on the web: rankings, manual entries and their approval, a member's ledger.
enum PointsCapability: WebCapability {
    static let routes: [WebRoute] = [.points, .pointDecision, .memberPoints]
    static var strings: Strings.Catalog { Strings.points }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        PointPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let points = WebRoute("/organizations/:id/points")
    static let pointDecision = WebRoute("/point-entries/:id/:decision")
    static let memberPoints = WebRoute("/members/:id/points")
}

extension WebURL {
    static func memberPoints(_ id: Int64, year: Int? = nil) -> String { WebRoute.memberPoints.url(id) + (year.map { "?year=\($0)" } ?? "") }
    static func points(_ id: Int64, year: Int? = nil) -> String { WebRoute.points.url(id) + (year.map { "?year=\($0)" } ?? "") }
}
