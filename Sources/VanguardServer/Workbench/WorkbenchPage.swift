import Hummingbird
import VanguardCore
import VanguardStore

/// 工作台 (the home page): Model + Query + View. The query is `vanguard.workbench.workbench(as:)`, one
/// read; the model turns its counts into to-dos (each a link to the list that shows exactly them) and
/// its counters into the figures the caller's role watches.
struct WorkbenchPage {
    let vanguard: Vanguard
    let views: Views

    /// One to-do: how many, what, and where they are listed. `place` names the organization when the
    /// caller has more than one.
    struct Todo: Sendable { let id: String; let label: String; let count: Int; let url: String; let place: String?; let quiet: Bool }
    /// A watched figure: cards abbreviate (1.2万), the title carries the exact figure.
    struct Figure: Sendable { let id: String; let label: String; let value: String; let exact: String }
    struct Link: Sendable { let label: String; let url: String }
    struct ScopeView: Sendable { let name: String; let url: String; let figures: [Figure]; let links: [Link] }
    struct RoleItem: Sendable { let role: String; let organization: String; let url: String }
    struct PhaseItem: Sendable { let name: String; let startsOn: String; let endsOn: String; let current: Bool }
    struct CampaignItem: Sendable { let name: String; let theme: String; let phases: [PhaseItem] }
    struct Model: Sendable {
        let frame: PageFrame
        let period: String
        let todos: [Todo]
        let nothingWaits: Bool
        let mine: [Figure]
        let pointsURL: String?
        let scopes: [ScopeView]
        let roles: [RoleItem]
        /// 组织树 of her scope, opened level by level.
        let tree: [OrganizationItem]
        let campaign: CampaignItem?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.home.path) { _, context in
            let caller = try context.requireCaller()
            let w = try await vanguard.workbench.workbench(as: caller)
            return views.render("workbench", Self.model(w, caller: caller, context: context, today: vanguard.time.today()))
        }
    }

    static func model(_ w: Workbench, caller: Caller, context: AppRequestContext, today: CalendarDay) -> Model {
        let english = context.english
        let t = Strings.text(english: english)
        let several = w.scopes.count > 1
        var todos: [Todo] = []
        func todo(_ id: String, _ label: String, _ count: Int, _ url: String, place: Workbench.Scope? = nil) {
            let suffix = place.map { several ? "-\($0.organization.id)" : "" } ?? ""
            todos.append(
                Todo(id: "todo-" + id + suffix, label: t[label], count: count, url: url, place: several ? place?.organization.name : nil, quiet: count == 0))
        }
        if let m = w.mine {
            todo("mine-submit", "wbToSubmit", m.toSubmit, WebURL.commitments)
            todo("mine-due", "wbDueSoon", m.itemsDueSoon, WebURL.commitments)
            todo("mine-overdue", "wbMyOverdue", m.overdue, WebURL.commitments)
        }
        for s in w.scopes {
            let id = s.organization.id
            let officer = Self.isOfficer(caller, at: s.organization)
            if let n = s.awaitingReview { todo("review", "wbAwaitingReview", n, WebURL.awaitingReview(id, year: w.year), place: s) }
            if officer { todo("overdue", "wbOverdue", s.overdue, WebURL.overdueLedger(id, year: w.year), place: s) }
            if let n = s.pendingPoints { todo("points", "wbPendingPoints", n, WebURL.points(id), place: s) }
            if officer { todo("rounds", "wbOpenRounds", s.openRounds, WebURL.openRounds(id), place: s) }
        }
        if let due = w.commentsDue { todo("comments", "wbCommentsDue", due, WebRoute.comments.pattern) }
        todo("unread", "wbUnread", w.unread, WebURL.inbox)

        var mine: [Figure] = []
        if let m = w.mine {
            mine = [
                Figure(id: "mine-submitted", label: t["wbSubmitted"], value: String(m.submitted), exact: String(m.submitted)),
                Figure(id: "mine-items", label: t["wbItemsFulfilled"], value: "\(m.itemsFulfilled)/\(m.items)", exact: "\(m.itemsFulfilled)/\(m.items)"),
                Figure(
                    id: "mine-points", label: t["wbPoints"], value: String(m.points) + (m.stars > 0 ? " · " + String(repeating: "★", count: m.stars) : ""),
                    exact: "\(m.points)" + (m.stars > 0 ? " · \(m.stars)\(t["wbStars"])" : "")),
            ]
        }
        let scopes = w.scopes.map { s -> ScopeView in
            let org = s.organization
            let f = s.figures
            let officer = Self.isOfficer(caller, at: org)
            var figures: [Figure] = []
            var links: [Link] = [Link(label: t["boardTitle"], url: WebURL.board(org.id))]
            if officer {
                let members = org.counters.subtreeMembers
                // A branch has no organizations under it to count.
                figures =
                    (org.hasChildren ? [Self.count("fig-organizations", t["wbOrganizations"], org.counters.subtreeOrganizations, english: english)] : []) + [
                        Self.count("fig-members", t["wbMembers"], members, english: english),
                        Self.rate("fig-coverage", t["statCoverage"], f.coverageRate(members: members)),
                        Self.rate("fig-member-rate", t["statMemberRate"], f.fulfilmentRate("member")),
                        Self.rate("fig-satisfaction", t["satisfactionRate"], f.satisfactionRate),
                    ]
                let o = OrganizationLinks(org.id)
                links = [
                    Link(label: t["dashboard"], url: WebURL.dashboard(org.id, year: w.year)), Link(label: t["ledger"], url: o.ledger),
                    Link(label: t["coverage"], url: o.coverage), Link(label: t["boardTitle"], url: WebURL.board(org.id)),
                ]
            }
            return ScopeView(name: org.name, url: WebURL.organization(org.id), figures: figures, links: links)
        }
        let roles = caller.scope.grants.compactMap { g -> RoleItem? in
            guard let org = w.grantOrganizations[g.organizationID] else { return nil }
            return RoleItem(role: g.role.name.text(english: english), organization: org.name, url: WebURL.organization(org.id))
        }
        let campaign = w.campaign.map { c in
            CampaignItem(
                name: c.name, theme: c.theme,
                phases: c.phases.map { p in
                    PhaseItem(
                        name: p.kind.name.text(english: english), startsOn: p.startsOn.description, endsOn: p.endsOn.description,
                        current: p.startsOn <= today && today <= p.endsOn)
                })
        }
        return Model(
            frame: PageFrame(context, title: t["workbench"], path: WebURL.home), period: w.period.name.text(english: english), todos: todos,
            nothingWaits: todos.allSatisfy(\.quiet), mine: mine, pointsURL: w.mine.map { WebURL.memberPoints($0.memberID) }, scopes: scopes,
            roles: roles, tree: w.scopes.map { OrganizationItem($0.organization, english: english) }, campaign: campaign)
    }

    /// Whether the caller holds more than a member's role on the organization (officers, leaders and
    /// inspectors watch its figures; a member watches her own).
    static func isOfficer(_ caller: Caller, at org: OrganizationRecord) -> Bool {
        caller.isSystem || caller.scope.grants.contains { $0.role != .member && $0.organizationPath.contains(org.path) }
    }

    static func count(_ id: String, _ label: String, _ n: Int, english: Bool) -> Figure {
        Figure(id: id, label: label, value: ChineseNumber.format(n, english: english), exact: ChineseNumber.exact(n))
    }

    static func rate(_ id: String, _ label: String, _ r: Double?) -> Figure {
        Figure(id: id, label: label, value: ChineseNumber.percent(r), exact: ChineseNumber.percent(r))
    }
}
