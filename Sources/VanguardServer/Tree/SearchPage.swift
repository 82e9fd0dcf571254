import Foundation
import Hummingbird
import VanguardCore
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
        /// More matched than are shown: the page says so and asks for a narrower search.
        let moreOrganizations: Bool
        let moreMembers: Bool
    }

    static let limit = 50

    struct PickOption: Encodable { let value: String; let label: String }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.search.path) { request, context in
            let caller = try context.requireCaller()
            let q = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
            // One more than shown, to say when there are more than the page lists.
            let orgs = try await vanguard.organizations.search(q, as: caller, limit: Self.limit + 1)
            let members = try await vanguard.members.search(q, as: caller, limit: Self.limit + 1)
            let model = Model(
                frame: PageFrame(context, title: q, path: WebURL.searchFor(q)), query: q,
                organizations: orgs.prefix(Self.limit).map { OrganizationItem($0, english: context.english) },
                members: members.prefix(Self.limit).map { MemberItem($0, english: context.english) },
                organizationCount: min(orgs.count, Self.limit), memberCount: min(members.count, Self.limit),
                moreOrganizations: orgs.count > Self.limit, moreMembers: members.count > Self.limit)
            return views.render("search", model)
        }
        // What a picker offers for the text typed so far: at most 20, in the caller's scope; the value
        // put in the field is the code (organizations) or number (members) the form resolves.
        router.get(WebRoute.pick.path) { request, context in
            let caller = try context.requireCaller()
            let q = String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(100))
            let options: [PickOption]
            switch context.parameters.get("kind") {
            case "organizations":
                options = try await vanguard.organizations.search(q, as: caller, limit: 20).map { PickOption(value: $0.code, label: $0.name) }
            case "members":
                options = try await vanguard.members.search(q, as: caller, limit: 20).map {
                    PickOption(value: $0.draft.memberNo, label: "\($0.draft.name) · \($0.organizationName)")
                }
            default: throw VanguardError.notFound(.init("该页面", "Page"))
            }
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(options))))
            response.headers[.contentType] = "application/json; charset=utf-8"
            response.headers[.cacheControl] = "no-store"
            return response
        }
    }
}
