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
        // What waits comes first; the quiet ones (nothing to do) follow, in the same order.
        let items = Self.todos(w, caller: caller)
        let todos = (items.filter { $0.count > 0 } + items.filter { $0.count == 0 }).map { item in
            Todo(
                id: "todo-" + item.id + (several && item.organization != nil ? "-\(item.organization!.id)" : ""), label: t[item.label], count: item.count,
                url: item.url, place: several ? item.organization?.name : nil, quiet: item.count == 0)
        }

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

    /// One to-do as the page and the API give it: `id` names it on the page, `key` in the API.
    struct TodoItem: Sendable {
        let id: String; let key: String; let label: String; let count: Int; let url: String; let organization: OrganizationRecord?
    }

    /// The caller's to-dos in the order she meets them: her own first, then each organization's, then comments and reminders.
    static func todos(_ w: Workbench, caller: Caller) -> [TodoItem] {
        var out: [TodoItem] = []
        if let m = w.mine {
            out.append(.init(id: "mine-submit", key: "mine_to_submit", label: "wbToSubmit", count: m.toSubmit, url: WebURL.commitments, organization: nil))
            out.append(.init(id: "mine-due", key: "mine_due_soon", label: "wbDueSoon", count: m.itemsDueSoon, url: WebURL.commitments, organization: nil))
            out.append(.init(id: "mine-overdue", key: "mine_overdue", label: "wbMyOverdue", count: m.overdue, url: WebURL.commitments, organization: nil))
        }
        for s in w.scopes {
            let org = s.organization
            let officer = isOfficer(caller, at: org)
            if let n = s.awaitingReview {
                out.append(
                    .init(
                        id: "review", key: "awaiting_review", label: "wbAwaitingReview", count: n, url: WebURL.awaitingReview(org.id, year: w.year),
                        organization: org))
            }
            if officer {
                out.append(
                    .init(
                        id: "overdue", key: "overdue", label: "wbOverdue", count: s.overdue, url: WebURL.overdueLedger(org.id, year: w.year), organization: org)
                )
            }
            if let n = s.pendingPoints {
                out.append(.init(id: "points", key: "pending_points", label: "wbPendingPoints", count: n, url: WebURL.points(org.id), organization: org))
            }
            if let n = s.awaitingCheckOff {
                out.append(
                    .init(
                        id: "check-off", key: "awaiting_check_off", label: "wbAwaitingCheckOff", count: n,
                        url: WebURL.rectifications(org.id, filter: .reported, confirming: true), organization: org))
            }
            if let n = s.rectifying {
                out.append(
                    .init(
                        id: "rectifying", key: "rectifying", label: "wbRectifying", count: n,
                        url: WebURL.rectifications(org.id, filter: .open, confirming: false),
                        organization: org))
            }
            if let n = s.unsignedAnnouncements {
                out.append(
                    .init(
                        id: "announcements", key: "unsigned_announcements", label: "wbUnsignedAnnouncements", count: n,
                        url: WebURL.announcements(org.id, unsigned: true), organization: org))
            }
            if let n = s.commendationTodos {
                out.append(
                    .init(
                        id: "commendations", key: "commendation_todos", label: "wbCommendationTodos", count: n, url: WebURL.commendations(org.id, todo: true),
                        organization: org))
            }
            if let n = s.reportsToWrite {
                out.append(
                    .init(
                        id: "reports-to-write", key: "reports_to_write", label: "wbReportsToWrite", count: n,
                        url: WebURL.workReports(org.id, list: "open"), organization: org))
            }
            if let n = s.reportsToReview {
                out.append(
                    .init(
                        id: "reports-to-review", key: "reports_to_review", label: "wbReportsToReview", count: n,
                        url: WebURL.workReports(org.id, list: "waiting"), organization: org))
            }
            if officer {
                out.append(
                    .init(id: "rounds", key: "open_rounds", label: "wbOpenRounds", count: s.openRounds, url: WebURL.openRounds(org.id), organization: org))
            }
        }
        if let due = w.commentsDue {
            out.append(.init(id: "comments", key: "comments_due", label: "wbCommentsDue", count: due, url: WebRoute.comments.pattern, organization: nil))
        }
        if let due = w.inspectionsDue {
            out.append(
                .init(
                    id: "inspections", key: "inspections_due", label: "wbInspectionsDue", count: due.count,
                    url: WebURL.inspections(due.organizationID, quarter: w.quarter, todo: true), organization: nil))
        }
        if let due = w.visitsDue {
            out.append(.init(id: "visits", key: "visits_due", label: "wbVisitsDue", count: due, url: WebURL.myContacts, organization: nil))
        }
        out.append(.init(id: "unread", key: "unread", label: "wbUnread", count: w.unread, url: WebURL.inbox, organization: nil))
        return out
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
