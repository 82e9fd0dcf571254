import Hummingbird
import VanguardCore
import VanguardStore

/// 首页: the caller's roles, the top of their scope with its tree, and the current campaign.
struct HomePage {
    let vanguard: Vanguard
    let views: Views

    struct RoleItem: Sendable { let role: String; let organization: String; let url: String }
    struct PhaseItem: Sendable { let name: String; let startsOn: String; let endsOn: String; let current: Bool }
    struct CampaignItem: Sendable {
        let name: String
        let theme: String
        let subTheme: String?
        let phases: [PhaseItem]
        let planDueOn: String?
        let carriers: [String]
    }
    struct Model: Sendable {
        let frame: PageFrame
        let roles: [RoleItem]
        let scope: [OrganizationItem]
        let campaign: CampaignItem?
        /// 我的积分 for a member who logs in as herself.
        let pointsURL: String?
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.home.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let overview = try await vanguard.organizations.scopeOverview(as: caller)
            let roles = caller.scope.grants.map { grant in
                RoleItem(
                    role: grant.role.name.text(english: english), organization: overview.grantOrganizations[grant.organizationID]?.name ?? "—",
                    url: WebURL.organization(grant.organizationID))
            }
            let today = vanguard.time.today()
            let campaign = overview.campaign.map { c in
                CampaignItem(
                    name: c.name, theme: c.theme, subTheme: c.subTheme,
                    phases: c.phases.map { p in
                        PhaseItem(
                            name: p.kind.name.text(english: english), startsOn: p.startsOn.description, endsOn: p.endsOn.description,
                            current: p.startsOn <= today && today <= p.endsOn)
                    },
                    planDueOn: c.planDueOn?.description, carriers: c.carriers)
            }
            let frame = PageFrame(context, title: Strings.text(english: english)["home"], path: WebURL.home)
            return views.render(
                "home",
                Model(
                    frame: frame, roles: roles, scope: overview.roots.map { OrganizationItem($0, english: english) }, campaign: campaign,
                    pointsURL: context.caller?.memberID.map { WebURL.memberPoints($0) }))
        }
    }
}
