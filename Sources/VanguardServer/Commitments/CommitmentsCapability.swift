import Hummingbird
import VanguardCore

/// 公开承诺 on the web (定诺→审诺→亮诺): drafting, review, the public board and letters, focus areas, the
/// ledger, coverage, exemptions, branch meetings and supervision.
enum CommitmentsCapability: WebCapability {
    static let routes: [WebRoute] = [
        .commitments, .commitment, .commitmentAct, .reviewQueue, .newCommitment, .board, .poster, .shortLink, .letters, .focusAreas, .coverage, .exemptions,
        .ledger, .ledgerExport, .meetings, .supervision, .urgeOverdue,
    ]
    static var strings: Strings.Catalog { Strings.commitments }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        CommitmentPages(vanguard: app.vanguard, views: app.views).register(on: router)
        NewCommitmentPage(vanguard: app.vanguard, views: app.views).register(on: router)
        BoardPage(vanguard: app.vanguard, views: app.views, cache: BoardCache()).register(on: router)
        OversightPages(vanguard: app.vanguard, views: app.views).register(on: router)
        FocusAreaPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let commitments = WebRoute("/commitments")
    static let commitment = WebRoute("/commitments/:id")
    static let commitmentAct = WebRoute("/commitments/:id/act")
    static let reviewQueue = WebRoute("/organizations/:id/commitments")
    static let newCommitment = WebRoute("/commitments/new")
    static let board = WebRoute("/board/:id")
    static let poster = WebRoute("/board/:id/poster")
    static let shortLink = WebRoute("/b/:id")
    static let letters = WebRoute("/organizations/:id/letters")
    static let focusAreas = WebRoute("/focus-areas")
    static let coverage = WebRoute("/organizations/:id/coverage")
    static let exemptions = WebRoute("/organizations/:id/exemptions")
    static let ledger = WebRoute("/organizations/:id/ledger")
    static let ledgerExport = WebRoute("/organizations/:id/ledger/:file")
    static let meetings = WebRoute("/organizations/:id/meetings")
    static let supervision = WebRoute("/organizations/:id/supervision")
    static let urgeOverdue = WebRoute("/organizations/:id/urge-overdue")
}

extension WebURL {
    static func board(_ id: Int64) -> String { WebRoute.board.url(id) }
    static let commitments = WebRoute.commitments.pattern
    static func commitment(_ id: Int64) -> String { WebRoute.commitment.url(id) }
    static func commitmentAction(_ id: Int64) -> String { WebRoute.commitmentAct.url(id) }
    static func reviewQueue(_ id: Int64) -> String { WebRoute.reviewQueue.url(id) }
    static func newCommitment(memberID: Int64) -> String { WebRoute.newCommitment.pattern + "?memberId=\(memberID)" }
    static func newCommitment(organizationID: Int64) -> String { WebRoute.newCommitment.pattern + "?organizationId=\(organizationID)" }
    static func ledger(_ id: Int64) -> String { WebRoute.ledger.url(id) }
    static func ledgerExport(_ id: Int64, format: String, query: String) -> String { WebRoute.ledgerExport.url(id, "export.\(format)") + "?" + query }
    static func coverage(_ id: Int64) -> String { WebRoute.coverage.url(id) }
    static func supervision(_ id: Int64) -> String { WebRoute.supervision.url(id) }
    static func letters(_ id: Int64) -> String { WebRoute.letters.url(id) }
    static func poster(_ id: Int64) -> String { WebRoute.poster.url(id) }
    static func shortLink(_ id: Int64) -> String { WebRoute.shortLink.url(id) }
    static let focusAreas = WebRoute.focusAreas.pattern
    static let newCommitmentForm = WebRoute.newCommitment.pattern
    static func urgeOverdue(_ id: Int64) -> String { WebRoute.urgeOverdue.url(id) }
}
