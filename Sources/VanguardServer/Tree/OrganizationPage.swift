import Hummingbird
import VanguardCore
import VanguardStore

/// 党组织页: breadcrumbs, subtree counts, sub-organizations, members (paged), and for those who
/// manage it the forms to create, rename, move and dissolve.
struct OrganizationPage {
    let vanguard: Vanguard
    let views: Views
    static let pageSize = 50

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct Link: Sendable { let url: String; let label: String }
    struct SecretaryReviewView: Sendable {
        let year: Int; let kind: String; let rating: String; let text: String; let measure: String; let accountability: Bool
    }
    struct Actions: Sendable { let create: String; let update: String; let move: String; let dissolve: String }
    struct Model: Sendable {
        let frame: PageFrame
        let org: OrganizationItem
        let links: OrganizationLinks
        let boardURL: String
        let reviewURL: String
        let systems: String?
        let ancestors: [OrganizationItem]
        let children: [OrganizationItem]
        let members: [MemberItem]
        let previousURL: String?
        let nextURL: String?
        let canManageOrganizations: Bool
        let canManageMembers: Bool
        let canExport: Bool
        /// 点评进度 and other pages that show members' private standing.
        let canReadPrivate: Bool
        let exports: [Link]
        let kinds: [Option]
        let sectors: [Option]
        let actions: Actions
        let form: MemberPage.FormModel
        let plan: PlanItem?
        /// Where the practice theme and plan are saved, for those who may.
        let planAction: String?
        /// 书记抓、抓书记: the secretary's duties, the superior's reviews (private readers) and its form (the superior).
        let duties: [String]
        /// Empty for a caller who may not see them.
        let secretaryReviews: [SecretaryReviewView]
        let titles: [TitleItem]
        let secretaryReviewAction: String?
        let ratings: [Option]
        let reviewKinds: [Option]
    }
    /// 实践主题 and 实施方案 as the page shows them.
    struct PlanItem: Sendable {
        let practiceTheme: String
        let planText: String
        let submittedOn: String?
    }
    struct TreeModel: Sendable { let children: [OrganizationItem] }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.organization.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let page = max(1, request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 1)
            let overview = try await vanguard.organizations.overview(
                try context.id(), memberLimit: Self.pageSize, memberOffset: (page - 1) * Self.pageSize, as: caller)
            let org = overview.organization
            let mayPlan = overview.campaign != nil && (caller.allows(.manageOrganizations, at: org.path) || caller.allows(.manageMembers, at: org.path))
            let t = Strings.text(english: english)
            let canExport = caller.allows(.export, at: org.path) || caller.allows(.importExport, at: org.path)
            let exports =
                canExport
                ? SheetKind.allCases.flatMap { kind in
                    SheetFormat.allCases.map { f in
                        Link(
                            url: WebURL.export(kind: kind.rawValue, organizationID: org.id, format: f.rawValue),
                            label: "\(kind.name.text(english: english)) \(f.rawValue.uppercased())")
                    }
                } : []
            let model = Model(
                frame: PageFrame(context, title: org.name, path: WebURL.organization(org.id)),
                org: OrganizationItem(org, english: english), links: OrganizationLinks(org.id),
                boardURL: WebURL.board(org.id),
                reviewURL: WebURL.reviewQueue(org.id),
                systems: org.systems.isEmpty ? nil : org.systems.joined(separator: "、"),
                ancestors: overview.ancestors.map { OrganizationItem($0, english: english) },
                children: overview.children.map { OrganizationItem($0, english: english) },
                members: overview.members.map { MemberItem($0, english: english) },
                previousURL: page > 1 ? WebURL.organizationPage(org.id, page: page - 1) : nil,
                nextURL: org.counters.ownMembers > page * Self.pageSize ? WebURL.organizationPage(org.id, page: page + 1) : nil,
                canManageOrganizations: caller.allows(.manageOrganizations, at: org.path) && org.kind != .branch,
                canManageMembers: caller.allows(.manageMembers, at: org.path) && org.kind.holdsMembers,
                canExport: canExport, canReadPrivate: caller.allows(.readPrivate, at: org.path), exports: exports,
                kinds: OrganizationKind.allCases.filter { KindContainment.allows(parent: org.kind, child: $0) }.map {
                    Option(value: $0.rawValue, label: $0.name.text(english: english), selected: false)
                },
                sectors: Sector.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: $0 == org.sector) },
                actions: Actions(
                    create: WebURL.organizationAction(org.id, .createOrganization), update: WebURL.organizationAction(org.id, .updateOrganization),
                    move: WebURL.organizationAction(org.id, .move), dissolve: WebURL.organizationAction(org.id, .dissolve)),
                form: MemberPage.FormModel.empty(action: WebURL.organizationAction(org.id, .createMember), t: t),
                plan: overview.plan.map {
                    PlanItem(practiceTheme: $0.practiceTheme ?? "", planText: $0.planText ?? "", submittedOn: $0.submittedOn?.description)
                },
                planAction: mayPlan ? WebURL.organizationAction(org.id, .plan) : nil, duties: overview.secretary.duties,
                secretaryReviews: (overview.secretary.reviews ?? []).map {
                    SecretaryReviewView(
                        year: $0.year, kind: $0.kind.name.text(english: english), rating: $0.rating?.name.text(english: english) ?? "", text: $0.text,
                        measure: $0.measure, accountability: $0.kind == .accountability)
                },
                titles: overview.titles.map { TitleItem($0, english: english) },
                secretaryReviewAction: overview.secretary.mayReview ? WebURL.secretaryReviews(org.id) : nil,
                ratings: SecretaryRating.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: false) },
                reviewKinds: SecretaryReviewKind.allCases.map {
                    Option(value: $0.rawValue, label: $0.name.text(english: english), selected: $0 == .performance)
                })
            return views.render("organization", model)
        }
        // Lazy loading of the tree: the children of one node as list items.
        router.get(WebRoute.treeChildren.path) { request, context in
            let caller = try context.requireCaller()
            let children = try await vanguard.organizations.children(of: try context.id(), as: caller)
            return views.render("treechildren", TreeModel(children: children.map { OrganizationItem($0, english: context.english) }))
        }
        router.post(WebRoute.createOrganization.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let kind = OrganizationKind(rawValue: form["kind"]), let sector = Sector(rawValue: form["sector"]) else {
                throw VanguardError.invalid("请选择组织类别和领域", "Choose a kind and a sector", field: "kind")
            }
            let org = try await vanguard.organizations.create(
                parentID: try context.id(), code: form["code"], name: form["name"], kind: kind, sector: sector, as: caller)
            return redirect(WebURL.organization(org.id))
        }
        router.post(WebRoute.updateOrganization.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let sector = Sector(rawValue: form["sector"]) else { throw VanguardError.invalid("请选择领域", "Choose a sector", field: "sector") }
            let org = try await vanguard.organizations.update(
                try context.id(), name: form["name"], sector: sector, systems: nil, expectedVersion: try form.id("version", "版本"), as: caller)
            return redirect(WebURL.organization(org.id))
        }
        router.post(WebRoute.move.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let parent = try await form.organization("parent", "新的上级组织", in: vanguard, as: caller) else {
                throw VanguardError.invalid("请选择新的上级组织", "Choose the new parent organization", field: "parent")
            }
            let org = try await vanguard.organizations.move(
                try context.id(), under: parent, expectedVersion: try form.optionalID("version", "版本"), as: caller)
            return redirect(WebURL.organization(org.id))
        }
        router.post(WebRoute.dissolve.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            let parent = try await vanguard.organizations.get(id, as: caller).parentID
            try await vanguard.organizations.dissolve(
                id, transferMembersTo: try await form.organization("transferTo", "党员转至组织", in: vanguard, as: caller), as: caller)
            return redirect(parent.map(WebURL.organization) ?? WebURL.home)
        }
        // 实践主题 / 实施方案 for the current campaign; the first save records the submission date.
        router.post(WebRoute.plan.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            guard let campaign = try await vanguard.campaigns.all().first else { throw VanguardError.notFound(.init("当前活动", "Campaign")) }
            guard !form["practiceTheme"].isEmpty else { throw VanguardError.invalid("实践主题不能为空", "The practice theme is required", field: "practiceTheme") }
            let existing = try await vanguard.campaigns.plan(campaignID: campaign.id, organizationID: id, as: caller)
            let plan = OrganizationPlan(
                practiceTheme: String(form["practiceTheme"].prefix(200)), planText: String(form["planText"].prefix(20_000)).nilIfEmpty,
                dueOn: existing?.dueOn ?? campaign.planDueOn, submittedOn: existing?.submittedOn ?? vanguard.time.today())
            try await vanguard.campaigns.savePlan(campaignID: campaign.id, organizationID: id, plan: plan, as: caller)
            return redirect(WebURL.organization(id))
        }
        router.post(WebRoute.createMember.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let member = try await vanguard.members.create(
                try await MemberPage.draft(from: form, vanguard, caller), organizationID: try context.id(), as: caller)
            return redirect(WebURL.member(member.id))
        }
    }
}
