import Foundation
import Hummingbird
import VanguardCore

/// 路由表: every route of the web pages and the operations endpoints, once. A route's pattern registers
/// its handler (`router.get(WebRoute.commitment.path)`) and builds its links
/// (`WebRoute.commitment.url(42)`), so no link can point where no route is; `WebURL` names the links
/// pages use, built from these. (The JSON API's routes come from openapi.yaml.)
struct WebRoute: Sendable, Hashable {
    /// Hummingbird's pattern: literal segments and `:capture`s.
    let pattern: String

    init(_ pattern: String) { self.pattern = pattern }

    var path: RouterPath { RouterPath(pattern) }

    /// The route's path with its captures filled in order, each value percent-encoded as a path segment.
    func url(_ values: any CustomStringConvertible...) -> String {
        var rest = values.makeIterator()
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> String in
            guard segment.hasPrefix(":") else { return String(segment) }
            let value = rest.next().map { String(describing: $0) } ?? ""
            return value.addingPercentEncoding(withAllowedCharacters: Self.segment) ?? value
        }
        return segments.joined(separator: "/")
    }

    static let segment = CharacterSet.urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))

    /// An account's command (`disable`, `unlock`, …).
    static func accountAction(_ action: String) -> WebRoute { WebRoute("/accounts/:id/\(action)") }

    static let home = WebRoute("/")
    static let password = WebRoute("/account/password")
    static let sessions = WebRoute("/account/sessions")
    static let endSession = WebRoute("/account/sessions/:id/end")
    static let account = WebRoute("/accounts/:id")
    static let openAPI = WebRoute("/api/openapi.yaml")
    static let audit = WebRoute("/audit")
    static let auditExport = WebRoute("/audit/:file")
    static let shortLink = WebRoute("/b/:id")
    static let board = WebRoute("/board/:id")
    static let poster = WebRoute("/board/:id/poster")
    static let campaigns = WebRoute("/campaigns")
    static let evaluationSettings = WebRoute("/campaigns/:id/evaluation-settings")
    static let comments = WebRoute("/comments")
    static let commitments = WebRoute("/commitments")
    static let commitment = WebRoute("/commitments/:id")
    static let commitmentAct = WebRoute("/commitments/:id/act")
    static let carryForward = WebRoute("/commitments/:id/carry-forward")
    static let commitmentItems = WebRoute("/commitments/:id/items")
    static let commitmentProgress = WebRoute("/commitments/:id/progress")
    static let commitmentRectify = WebRoute("/commitments/:id/rectify")
    static let commitmentUrge = WebRoute("/commitments/:id/urge")
    static let newCommitment = WebRoute("/commitments/new")
    static let evaluation = WebRoute("/evaluations/:id")
    static let evaluationClose = WebRoute("/evaluations/:id/close")
    static let evaluationCodes = WebRoute("/evaluations/:id/codes")
    static let evidence = WebRoute("/evidence/:id")
    static let export = WebRoute("/export/:file")
    static let focusAreas = WebRoute("/focus-areas")
    static let healthz = WebRoute("/healthz")
    static let importPage = WebRoute("/import")
    static let inbox = WebRoute("/inbox")
    static let inboxRead = WebRoute("/inbox/read")
    static let removeLeaderContact = WebRoute("/leader-contacts/:id/remove")
    static let login = WebRoute("/login")
    static let logout = WebRoute("/logout")
    static let member = WebRoute("/members/:id")
    static let memberPoints = WebRoute("/members/:id/points")
    static let memberTransfer = WebRoute("/members/:id/transfer")
    static let memberUpdate = WebRoute("/members/:id/update")
    static let metrics = WebRoute("/metrics")
    static let organization = WebRoute("/organizations/:id")
    static let accounts = WebRoute("/organizations/:id/accounts")
    static let commentProgress = WebRoute("/organizations/:id/comments")
    static let reviewQueue = WebRoute("/organizations/:id/commitments")
    static let coverage = WebRoute("/organizations/:id/coverage")
    static let createOrganization = WebRoute("/organizations/:id/create")
    static let dashboard = WebRoute("/organizations/:id/dashboard")
    static let determinations = WebRoute("/organizations/:id/determinations")
    static let dissolve = WebRoute("/organizations/:id/dissolve")
    static let evaluations = WebRoute("/organizations/:id/evaluations")
    static let exemptions = WebRoute("/organizations/:id/exemptions")
    static let leaderContacts = WebRoute("/organizations/:id/leader-contacts")
    static let ledger = WebRoute("/organizations/:id/ledger")
    static let ledgerExport = WebRoute("/organizations/:id/ledger/:file")
    static let letters = WebRoute("/organizations/:id/letters")
    static let meetings = WebRoute("/organizations/:id/meetings")
    static let createMember = WebRoute("/organizations/:id/members")
    static let move = WebRoute("/organizations/:id/move")
    static let plan = WebRoute("/organizations/:id/plan")
    static let points = WebRoute("/organizations/:id/points")
    static let report = WebRoute("/organizations/:id/report")
    static let scoring = WebRoute("/organizations/:id/scoring")
    static let scoringExport = WebRoute("/organizations/:id/scoring/export")
    static let supervision = WebRoute("/organizations/:id/supervision")
    static let treeChildren = WebRoute("/organizations/:id/tree")
    static let updateOrganization = WebRoute("/organizations/:id/update")
    static let urgeOverdue = WebRoute("/organizations/:id/urge-overdue")
    static let pointDecision = WebRoute("/point-entries/:id/:decision")
    static let readyz = WebRoute("/readyz")
    static let scoringTemplates = WebRoute("/scoring-templates")
    static let search = WebRoute("/search")
    static let resolveSupervision = WebRoute("/supervision/:id/resolve")
    static let template = WebRoute("/template/:file")
    static let ballotEntry = WebRoute("/v")
    static let ballot = WebRoute("/v/:code")

    /// Every fixed route (the account commands are `accountAction`), for the test that the table and the router agree.
    static let all: [WebRoute] = [
        home,
        password,
        sessions,
        endSession,
        account,
        openAPI,
        audit,
        auditExport,
        shortLink,
        board,
        poster,
        campaigns,
        evaluationSettings,
        comments,
        commitments,
        commitment,
        commitmentAct,
        carryForward,
        commitmentItems,
        commitmentProgress,
        commitmentRectify,
        commitmentUrge,
        newCommitment,
        evaluation,
        evaluationClose,
        evaluationCodes,
        evidence,
        export,
        focusAreas,
        healthz,
        importPage,
        inbox,
        inboxRead,
        removeLeaderContact,
        login,
        logout,
        member,
        memberPoints,
        memberTransfer,
        memberUpdate,
        metrics,
        organization,
        accounts,
        commentProgress,
        reviewQueue,
        coverage,
        createOrganization,
        dashboard,
        determinations,
        dissolve,
        evaluations,
        exemptions,
        leaderContacts,
        ledger,
        ledgerExport,
        letters,
        meetings,
        createMember,
        move,
        plan,
        points,
        report,
        scoring,
        scoringExport,
        supervision,
        treeChildren,
        updateOrganization,
        urgeOverdue,
        pointDecision,
        readyz,
        scoringTemplates,
        search,
        resolveSupervision,
        template,
        ballotEntry,
        ballot,
    ]
}

/// The links pages use: routes with their values and queries.
enum WebURL {
    static let home = WebRoute.home.pattern
    static let login = WebRoute.login.pattern
    static let logout = WebRoute.logout.pattern
    static let search = WebRoute.search.pattern
    static let importPage = WebRoute.importPage.pattern
    static let campaigns = WebRoute.campaigns.pattern
    static let password = WebRoute.password.pattern
    static let audit = WebRoute.audit.pattern
    static func auditExport(_ format: String) -> String { WebRoute.auditExport.url("export.\(format)") }
    static let sessions = WebRoute.sessions.pattern
    static func endSession(_ id: String) -> String { WebRoute.endSession.url(id) }
    static func accounts(_ organizationID: Int64) -> String { WebRoute.accounts.url(organizationID) }
    static func account(_ id: Int64) -> String { WebRoute.account.url(id) }
    static func accountAction(_ id: Int64, _ action: String) -> String { WebRoute.accountAction(action).url(id) }
    static func organization(_ id: Int64) -> String { WebRoute.organization.url(id) }
    static func organizationPage(_ id: Int64, page: Int) -> String { WebRoute.organization.url(id) + "?page=\(page)" }
    static func treeChildren(_ id: Int64) -> String { WebRoute.treeChildren.url(id) }
    static func organizationAction(_ id: Int64, _ action: WebRoute) -> String { action.url(id) }
    static func board(_ id: Int64) -> String { WebRoute.board.url(id) }
    static let commitments = WebRoute.commitments.pattern
    static func commitment(_ id: Int64) -> String { WebRoute.commitment.url(id) }
    static func commitmentAction(_ id: Int64) -> String { WebRoute.commitmentAct.url(id) }
    static func reviewQueue(_ id: Int64) -> String { WebRoute.reviewQueue.url(id) }
    static func newCommitment(memberID: Int64) -> String { WebRoute.newCommitment.pattern + "?memberId=\(memberID)" }
    static func newCommitment(organizationID: Int64) -> String { WebRoute.newCommitment.pattern + "?organizationId=\(organizationID)" }
    static func evidence(_ id: Int64) -> String { WebRoute.evidence.url(id) }
    static func resolveSupervision(_ id: Int64) -> String { WebRoute.resolveSupervision.url(id) }
    static let inbox = WebRoute.inbox.pattern
    static func ledger(_ id: Int64) -> String { WebRoute.ledger.url(id) }
    static func ledgerExport(_ id: Int64, format: String, query: String) -> String { WebRoute.ledgerExport.url(id, "export.\(format)") + "?" + query }
    static func coverage(_ id: Int64) -> String { WebRoute.coverage.url(id) }
    static func supervision(_ id: Int64) -> String { WebRoute.supervision.url(id) }
    static func letters(_ id: Int64) -> String { WebRoute.letters.url(id) }
    static func poster(_ id: Int64) -> String { WebRoute.poster.url(id) }
    static func shortLink(_ id: Int64) -> String { WebRoute.shortLink.url(id) }
    static func member(_ id: Int64) -> String { WebRoute.member.url(id) }
    static func memberPoints(_ id: Int64, year: Int? = nil) -> String { WebRoute.memberPoints.url(id) + (year.map { "?year=\($0)" } ?? "") }
    static func export(kind: String, organizationID: Int64, format: String) -> String {
        WebRoute.export.url("\(kind).\(format)") + "?organizationId=\(organizationID)"
    }
    static func template(kind: String, format: String) -> String { WebRoute.template.url("\(kind).\(format)") }
    static func searchFor(_ q: String) -> String {
        WebRoute.search.pattern + "?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
    static func comments(period: HalfYear) -> String { WebRoute.comments.pattern + "?period=\(period)" }
    static func commentProgress(_ id: Int64, period: HalfYear? = nil) -> String { WebRoute.commentProgress.url(id) + (period.map { "?period=\($0)" } ?? "") }
    static func determinations(_ id: Int64, year: Int) -> String { WebRoute.determinations.url(id) + "?year=\(year)" }
    static func dashboard(_ id: Int64, year: Int) -> String { WebRoute.dashboard.url(id) + "?year=\(year)" }
    static func report(_ id: Int64, year: Int) -> String { WebRoute.report.url(id) + "?year=\(year)" }
    static func evaluations(_ id: Int64) -> String { WebRoute.evaluations.url(id) }
    static func evaluation(_ id: Int64) -> String { WebRoute.evaluation.url(id) }
    static func ballot(_ code: String) -> String { WebRoute.ballot.url(code) }
    static let ballotEntry = WebRoute.ballotEntry.pattern
    static func evaluationSettings(_ campaignID: Int64) -> String { WebRoute.evaluationSettings.url(campaignID) }
    static let scoringTemplates = WebRoute.scoringTemplates.pattern
    static let focusAreas = WebRoute.focusAreas.pattern
    static let newCommitmentForm = WebRoute.newCommitment.pattern
    static func urgeOverdue(_ id: Int64) -> String { WebRoute.urgeOverdue.url(id) }
    static func points(_ id: Int64, year: Int? = nil) -> String { WebRoute.points.url(id) + (year.map { "?year=\($0)" } ?? "") }
    static func scoring(_ id: Int64, template: Int64, year: Int) -> String { WebRoute.scoring.url(id) + "?template=\(template)&year=\(year)" }
    static func scoringExport(_ id: Int64, template: Int64, year: Int) -> String { WebRoute.scoringExport.url(id) + "?template=\(template)&year=\(year)" }
}

/// The header's links (every page), from the route table.
struct NavigationLinks: Sendable {
    static let shared = NavigationLinks()
    let home = WebURL.home
    let login = WebURL.login
    let search = WebURL.search
    let commitments = WebURL.commitments
    let inbox = WebURL.inbox
    let comments = WebRoute.comments.pattern
    let campaigns = WebURL.campaigns
    let importPage = WebURL.importPage
    let audit = WebURL.audit
    let password = WebURL.password
    let sessions = WebURL.sessions
    let logout = WebURL.logout
    let inboxRead = WebRoute.inboxRead.pattern
    let ballotEntry = WebRoute.ballotEntry.pattern
    let scoringTemplates = WebURL.scoringTemplates
    let focusAreas = WebURL.focusAreas
}

/// The links of an organization's pages (ledger, coverage, statistics …), from the route table.
struct OrganizationLinks: Sendable {
    let page, ledger, coverage, supervision, letters, poster, evaluations, dashboard, comments, determinations, points, scoring: String
    let report, exemptions, meetings, leaderContacts: String

    init(_ id: Int64) {
        page = WebRoute.organization.url(id)
        ledger = WebRoute.ledger.url(id)
        coverage = WebRoute.coverage.url(id)
        supervision = WebRoute.supervision.url(id)
        letters = WebRoute.letters.url(id)
        poster = WebRoute.poster.url(id)
        evaluations = WebRoute.evaluations.url(id)
        dashboard = WebRoute.dashboard.url(id)
        comments = WebRoute.commentProgress.url(id)
        determinations = WebRoute.determinations.url(id)
        points = WebRoute.points.url(id)
        scoring = WebRoute.scoring.url(id)
        report = WebRoute.report.url(id)
        exemptions = WebRoute.exemptions.url(id)
        meetings = WebRoute.meetings.url(id)
        leaderContacts = WebRoute.leaderContacts.url(id)
    }
}
