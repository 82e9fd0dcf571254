import Hummingbird
import VanguardStore

/// 搜索: organizations and members by name (members also by number), within the caller's scope.
struct SearchPage {
    let vanguard: Vanguard
    let views: Views

    struct Model: Sendable {
        let frame: PageFrame
        let query: String
        let organizations: [OrganizationItem]
        let members: [MemberItem]
        let organizationCount: Int
        let memberCount: Int
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.search.path) { request, context in
            let caller = try context.requireCaller()
            let q = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
            let orgs = try await vanguard.organizations.search(q, as: caller, limit: 50)
            let members = try await vanguard.members.search(q, as: caller, limit: 50)
            let model = Model(
                frame: PageFrame(context, title: q, path: WebURL.searchFor(q)), query: q,
                organizations: orgs.map { OrganizationItem($0, english: context.english) },
                members: members.map { MemberItem($0, english: context.english) },
                organizationCount: orgs.count, memberCount: members.count)
            return views.render("search", model)
        }
    }
}
