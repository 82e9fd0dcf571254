import Hummingbird
import VanguardCore

/// 践诺 on the web: progress with evidence, revising, urging, rectification and carrying forward.
enum FulfilmentCapability: WebCapability {
    static let routes: [WebRoute] = [.carryForward, .commitmentItems, .commitmentProgress, .commitmentRectify, .commitmentUrge, .evidence, .resolveSupervision]

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        FulfilmentPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let carryForward = WebRoute("/commitments/:id/carry-forward")
    static let commitmentItems = WebRoute("/commitments/:id/items")
    static let commitmentProgress = WebRoute("/commitments/:id/progress")
    static let commitmentRectify = WebRoute("/commitments/:id/rectify")
    static let commitmentUrge = WebRoute("/commitments/:id/urge")
    static let evidence = WebRoute("/evidence/:id")
    static let resolveSupervision = WebRoute("/supervision/:id/resolve")
}

extension WebURL {
    static func evidence(_ id: Int64) -> String { WebRoute.evidence.url(id) }
    static func resolveSupervision(_ id: Int64) -> String { WebRoute.resolveSupervision.url(id) }
}
