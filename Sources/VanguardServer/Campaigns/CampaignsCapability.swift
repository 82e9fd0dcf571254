import Hummingbird
import VanguardCore

/// 活动 on the web: the campaign years and their phases.
enum CampaignsCapability: WebCapability {
    static let routes: [WebRoute] = [.campaigns]
    static var strings: Strings.Catalog { Strings.campaigns }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        CampaignPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let campaigns = WebRoute("/campaigns")
}

extension WebURL {
    static let campaigns = WebRoute.campaigns.pattern
}
