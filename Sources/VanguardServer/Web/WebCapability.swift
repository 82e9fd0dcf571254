import Hummingbird
import VanguardStore

/// One capability's registration in the web server (能力登记): its routes, its UI strings and its pages.
/// The route table (`WebRoute.all`), the string catalog (`Strings.catalogs`) and the router
/// (`buildRouter`) are each made from `WebCapabilities.all`, so a new capability is a folder with one of
/// these plus one line in that list.
protocol WebCapability: Sendable {
    /// Every route its pages register (declared beside it as `extension WebRoute`).
    static var routes: [WebRoute] { get }
    /// Its catalog of UI strings (`Strings+<Name>.swift`); a key in two catalogs traps at start.
    static var strings: Strings.Catalog { get }
    /// Registers its pages on the router.
    static func register(on router: Router<AppRequestContext>, _ app: WebApp)
}

extension WebCapability {
    static var strings: Strings.Catalog { [:] }
}

/// What a capability's pages are built with: the store, the templates and the server's settings.
struct WebApp: Sendable {
    let vanguard: Vanguard
    let views: Views
    let configuration: AppConfiguration
    /// Wrong ballot codes per client, shared by the ballot page and the API.
    let guesses: LoginThrottle

    var ballotWait: Duration { .seconds(configuration.ballotWaitSeconds) }
}

/// Every capability of the web server, in the order their routes are registered.
enum WebCapabilities {
    static let all: [any WebCapability.Type] = [
        FrameCapability.self,
        WorkbenchCapability.self,
        AccountsCapability.self,
        TreeCapability.self,
        CampaignsCapability.self,
        CommitmentsCapability.self,
        FulfilmentCapability.self,
        EvaluationCapability.self,
        PointsCapability.self,
        ScoringCapability.self,
        StatisticsCapability.self,
        SupportCapability.self,
        CommendationCapability.self,
        AnnouncementsCapability.self,
        WorkReportsCapability.self,
        ExemplarsCapability.self,
    ]
}
