import Hummingbird
import VanguardCore

/// The frame's own pages, which belong to no capability: the inbox every notice lands in and the
/// operations endpoints.
enum FrameCapability: WebCapability {
    static let routes: [WebRoute] = [.inbox, .inboxRead, .healthz, .readyz, .metrics, .openAPI]
    static var strings: Strings.Catalog { Strings.general }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        OperationsRoutes(vanguard: app.vanguard, metricsToken: app.configuration.metricsToken).register(on: router)
        InboxPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let inbox = WebRoute("/inbox")
    static let inboxRead = WebRoute("/inbox/read")
    static let healthz = WebRoute("/healthz")
    static let readyz = WebRoute("/readyz")
    static let metrics = WebRoute("/metrics")
    static let openAPI = WebRoute("/api/openapi.yaml")
}

extension WebURL {
    static let inbox = WebRoute.inbox.pattern
}
