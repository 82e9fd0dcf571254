import Hummingbird
import VanguardCore

/// 工作台: the home page — what waits for the user, counted and linked to the list that shows it, and
/// the few figures her role watches.
enum WorkbenchCapability: WebCapability {
    static let routes: [WebRoute] = [.home]
    static var strings: Strings.Catalog { Strings.workbench }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        WorkbenchPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let home = WebRoute("/")
}

extension WebURL {
    static let home = WebRoute.home.pattern
    /// 待审核承诺 of a subtree: the ledger narrowed to what is reviewed inside it.
    static func awaitingReview(_ id: Int64, year: Int) -> String { WebRoute.ledger.url(id) + "?year=\(year)&review=1" }
    /// 逾期 of a subtree.
    static func overdueLedger(_ id: Int64, year: Int) -> String { WebRoute.ledger.url(id) + "?year=\(year)&state=overdue" }
    /// 进行中的评议 anywhere in a subtree.
    static func openRounds(_ id: Int64) -> String { WebRoute.evaluations.url(id) + "?open=1" }
}
