import Hummingbird
import VanguardCore

/// 组织树与党员 on the web: organizations and their sub-pages' commands, members, search, import and export.
enum TreeCapability: WebCapability {
    static let routes: [WebRoute] = [
        .organization, .treeChildren, .createOrganization, .updateOrganization, .move, .dissolve, .plan, .createMember, .member, .memberTransfer, .memberUpdate,
        .search, .pick, .importPage, .export, .template,
    ]
    static var strings: Strings.Catalog { Strings.tree }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        OrganizationPage(vanguard: app.vanguard, views: app.views).register(on: router)
        MemberPage(vanguard: app.vanguard, views: app.views).register(on: router)
        SearchPage(vanguard: app.vanguard, views: app.views).register(on: router)
        ImportPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let organization = WebRoute("/organizations/:id")
    static let treeChildren = WebRoute("/organizations/:id/tree")
    static let createOrganization = WebRoute("/organizations/:id/create")
    static let updateOrganization = WebRoute("/organizations/:id/update")
    static let move = WebRoute("/organizations/:id/move")
    static let dissolve = WebRoute("/organizations/:id/dissolve")
    static let plan = WebRoute("/organizations/:id/plan")
    static let createMember = WebRoute("/organizations/:id/members")
    static let member = WebRoute("/members/:id")
    static let memberTransfer = WebRoute("/members/:id/transfer")
    static let memberUpdate = WebRoute("/members/:id/update")
    /// 选择器: organizations or members matching what was typed, as JSON for a form's list.
    static let pick = WebRoute("/pick/:kind")
    static let search = WebRoute("/search")
    static let importPage = WebRoute("/import")
    static let export = WebRoute("/export/:file")
    static let template = WebRoute("/template/:file")
}

extension WebURL {
    static let search = WebRoute.search.pattern
    static let importPage = WebRoute.importPage.pattern
    static func organization(_ id: Int64) -> String { WebRoute.organization.url(id) }
    static func organizationPage(_ id: Int64, page: Int) -> String { WebRoute.organization.url(id) + "?page=\(page)" }
    static func treeChildren(_ id: Int64) -> String { WebRoute.treeChildren.url(id) }
    static func organizationAction(_ id: Int64, _ action: WebRoute) -> String { action.url(id) }
    static func member(_ id: Int64) -> String { WebRoute.member.url(id) }
    static func export(kind: String, organizationID: Int64, format: String) -> String {
        WebRoute.export.url("\(kind).\(format)") + "?organizationId=\(organizationID)"
    }
    static func template(kind: String, format: String) -> String { WebRoute.template.url("\(kind).\(format)") }
    static func searchFor(_ q: String) -> String {
        WebRoute.search.pattern + "?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}
