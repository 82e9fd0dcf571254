import Hummingbird
import VanguardCore
import VanguardStore

/// 评选表彰 on the web: rounds, nominations level by level, certificates and the decision on A4, and the
/// public notice with its objection form (no login).
enum CommendationCapability: WebCapability {
    static let routes: [WebRoute] = [
        .commendations, .commendation, .commendationAct, .commendationDecision, .nomination, .nominationAct, .certificate, .objectionVerification,
        .publicNotices, .publicNotice, .publicObjection, .fund, .fundExport, .fundAct, .fundEntryDecision, .commendationTable, .nominationDeeds,
        .nominationFile,
    ]
    static var strings: Strings.Catalog { Strings.commendation }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        CommendationPages(vanguard: app.vanguard, views: app.views).register(on: router)
        NominationPages(vanguard: app.vanguard, views: app.views).register(on: router)
        PublicNoticePages(vanguard: app.vanguard, views: app.views).register(on: router)
        AwardFundPages(vanguard: app.vanguard, views: app.views).register(on: router)
        CommendationTablePage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    /// 评选表彰 an organization takes part in (GET), and a new round of a committee (POST).
    static let commendations = WebRoute("/organizations/:id/commendations")
    /// 第十二表 党内表彰情况 of the subtree (GET, `year`; `format=xlsx|csv` downloads it).
    static let commendationTable = WebRoute("/organizations/:id/commendation-table")
    /// 事迹材料附件: adds files to a nomination's deeds (POST, multipart).
    static let nominationDeeds = WebRoute("/nomination-deeds/:id")
    /// One of a nomination's files.
    static let nominationFile = WebRoute("/nomination-files/:id")
    /// One round: quotas, conditions, nominations, notice, decision, objections.
    static let commendation = WebRoute("/commendations/:id")
    /// A round's commands (POST): quota, eligibility, nominate, publish, decide.
    static let commendationAct = WebRoute("/commendations/:id/:action")
    /// 表彰决定, printed on A4.
    static let commendationDecision = WebRoute("/commendations/:id/decision")
    /// One nomination.
    static let nomination = WebRoute("/nominations/:id")
    /// A nomination's commands (POST): forward, shortlist, return, revoke.
    static let nominationAct = WebRoute("/nominations/:id/:action")
    /// 荣誉证书, printed on A4.
    static let certificate = WebRoute("/nominations/:id/certificate")
    /// 核实 of an objection (POST).
    static let objectionVerification = WebRoute("/objections/:id/verification")
    /// 公示 for the public: the rounds on notice or decided.
    static let publicNotices = WebRoute("/public/commendations")
    /// One round's public notice.
    static let publicNotice = WebRoute("/public/commendations/:id")
    /// An objection from the public (POST).
    static let publicObjection = WebRoute("/public/nominations/:id/objections")
}

extension WebRoute {
    /// 基石工程: a committee's fund of a year (`?year=`).
    static let fund = WebRoute("/organizations/:id/fund")
    /// The ledger as a spreadsheet (`?year=&format=xlsx|csv`).
    static let fundExport = WebRoute("/organizations/:id/fund/ledger")
    /// The fund's commands (POST): source, income, payment.
    static let fundAct = WebRoute("/organizations/:id/fund/:action")
    /// A second officer's decision on a proposed award (POST).
    static let fundEntryDecision = WebRoute("/fund-entries/:id/decision")
}

extension WebURL {
    static func fund(_ id: Int64, year: Int? = nil) -> String { WebRoute.fund.url(id) + (year.map { "?year=\($0)" } ?? "") }
    static func fundExport(_ id: Int64, year: Int) -> String { WebRoute.fundExport.url(id) + "?year=\(year)&format=xlsx" }
    static func fundEntryDecision(_ id: Int64) -> String { WebRoute.fundEntryDecision.url(id) }
    static func commendations(_ id: Int64, todo: Bool = false) -> String { WebRoute.commendations.url(id) + (todo ? "?todo=1" : "") }
    static func commendationTable(_ id: Int64, year: Int) -> String { WebRoute.commendationTable.url(id) + "?year=\(year)" }
    static func commendation(_ id: Int64) -> String { WebRoute.commendation.url(id) }
    static func commendationAct(_ id: Int64, _ action: String) -> String { WebRoute.commendationAct.url(id, action) }
    static func commendationDecision(_ id: Int64) -> String { WebRoute.commendationDecision.url(id) }
    static func nomination(_ id: Int64) -> String { WebRoute.nomination.url(id) }
    static func nominationDeeds(_ id: Int64) -> String { WebRoute.nominationDeeds.url(id) }
    static func nominationFile(_ id: Int64) -> String { WebRoute.nominationFile.url(id) }
    static func nominationAct(_ id: Int64, _ action: String) -> String { WebRoute.nominationAct.url(id, action) }
    static func certificate(_ id: Int64) -> String { WebRoute.certificate.url(id) }
    static func objectionVerification(_ id: Int64) -> String { WebRoute.objectionVerification.url(id) }
    static let publicNotices = WebRoute.publicNotices.pattern
    static func publicNotice(_ id: Int64) -> String { WebRoute.publicNotice.url(id) }
    static func publicObjection(_ id: Int64) -> String { WebRoute.publicObjection.url(id) }
    /// What every objection's path starts with (exempt from the session's form token: see `CSRFMiddleware`).
    static let publicObjectionPrefix = "/public/nominations/"
}
