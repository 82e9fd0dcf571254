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

    /// A value percent-encoded for a query string.
    static func encode(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "" }

    /// Every route of every capability, for the test that the table and the router agree (the account
    /// commands are `accountAction`).
    static let all: [WebRoute] = WebCapabilities.all.flatMap { $0.routes }
}

/// The links pages use: routes with their values and queries, each capability's declared beside its
/// routes (`<Name>Capability.swift`).
enum WebURL {}

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
    /// The pickers' sources (search as you type): organizations by name or code, members by name or number.
    let pickOrganizations = WebRoute.pick.url("organizations")
    let pickMembers = WebRoute.pick.url("members")
}

/// The links of an organization's pages (ledger, coverage, statistics …), from the route table.
struct OrganizationLinks: Sendable {
    let page, ledger, coverage, supervision, letters, poster, evaluations, dashboard, comments, determinations, points, scoring: String
    let report, exemptions, meetings, leaderContacts, backward, rectifications, contactCoverage, inspections, demonstration, urbanRural: String
    let commendations, fund, announcements, exemplars, workReports: String

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
        backward = WebRoute.backwardBoard.url(id)
        rectifications = WebRoute.rectificationLedger.url(id)
        contactCoverage = WebRoute.contactCoverage.url(id)
        inspections = WebRoute.inspections.url(id)
        demonstration = WebRoute.demonstration.url(id)
        urbanRural = WebRoute.urbanRural.url(id)
        commendations = WebRoute.commendations.url(id)
        fund = WebRoute.fund.url(id)
        announcements = WebRoute.announcements.url(id)
        exemplars = WebRoute.exemplars.url(id)
        workReports = WebRoute.workReports.url(id)
    }
}
