import Foundation
import Hummingbird
import Mustache
import VanguardCore
import VanguardStore

/// Renders mustache templates (bundled in Resources/templates) into HTML responses.
public struct Views: Sendable {
    let library: MustacheLibrary

    public static func load() async throws -> Views {
        guard let dir = ServerResources.directory("templates") else {
            throw VanguardError.notFound(.init("页面模板", "templates"))
        }
        return Views(library: try await MustacheLibrary(directory: dir))
    }

    func render(_ name: String, _ model: some Sendable, status: HTTPResponse.Status = .ok) -> Response {
        Self.page(html(name, model), status: status)
    }

    func html(_ name: String, _ model: some Sendable) -> String { library.render(model, withTemplate: name) ?? "template \(name) failed" }

    static func page(_ html: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// What every page shows around its content: title, language, the user and the CSRF token.
struct PageFrame: Sendable {
    let t: [String: String]
    let lang: String
    let title: String
    let user: String?
    let csrf: String
    let languageURL: String
    let canImport: Bool
    /// 账号管理 for an office: its (first) organization's accounts page.
    let accountsURL: String?
    /// 审计日志 for the top office.
    let canAudit: Bool
    /// 我的承诺 and 领导点评 for an account that is a member (the pages are about her own).
    let isMember: Bool
    /// 活动管理 for those who run the campaign.
    let canManageCampaign: Bool
    /// The header's links.
    let nav = NavigationLinks.shared
    /// The links of the organization the page is about, if it is about one.
    let org: OrganizationLinks?

    init(_ context: AppRequestContext, title: String, path: String = "/", organization: Int64? = nil) {
        org = organization.map(OrganizationLinks.init)
        t = context.english ? Strings.en : Strings.zh
        lang = context.english ? "en" : "zh-CN"
        self.title = title
        user = context.caller?.displayName
        csrf = context.csrfToken ?? ""
        let separator = path.contains("?") ? "&" : "?"
        languageURL = path + separator + "lang=" + (context.english ? "zh" : "en")
        canImport = context.caller.map { c in c.isSystem || c.scope.grants.contains { $0.role.permissions.contains(.importExport) } } ?? false
        canAudit = context.caller.map(AuditService.mayRead) ?? false
        isMember = context.caller?.memberID != nil
        canManageCampaign = context.caller.map { c in c.isSystem || c.scope.grants.contains { $0.role.permissions.contains(.manageCampaign) } } ?? false
        accountsURL = context.caller?.scope.roots.first { $0.role.permissions.contains(.manageAccounts) }.map { WebURL.accounts($0.organizationID) }
    }
}

/// Every page asks its frame for many keys: answering by name spares the template engine a reflection
/// of the whole struct per lookup (which profiling showed was most of a page's cost).
extension PageFrame: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "t": t
        case "lang": lang
        case "title": title
        case "user": user
        case "csrf": csrf
        case "languageURL": languageURL
        case "canImport": canImport
        case "accountsURL": accountsURL
        case "canAudit": canAudit
        case "isMember": isMember
        case "canManageCampaign": canManageCampaign
        case "nav": nav
        case "org": org
        default: nil
        }
    }
}

/// An organization as a row or link in a page.
struct OrganizationItem: Sendable {
    let id: Int64
    let url: String
    let treeURL: String
    let name: String
    let code: String
    let kind: String
    let sector: String
    let subtreeOrganizations: String
    let subtreeMembers: String
    let ownMembers: String
    let subtreeOrganizationsShort: String
    let subtreeMembersShort: String
    let ownMembersShort: String
    let hasChildren: Bool
    let version: Int64

    init(_ o: OrganizationRecord, english: Bool) {
        id = o.id
        version = o.version
        url = WebURL.organization(o.id)
        treeURL = WebURL.treeChildren(o.id)
        name = o.name
        code = o.code
        kind = o.kind.name.text(english: english)
        sector = o.sector.name.text(english: english)
        // Exact in tables (11,785); a card abbreviates (1.2万) and carries the exact figure as its title.
        subtreeOrganizations = ChineseNumber.exact(o.counters.subtreeOrganizations)
        subtreeMembers = ChineseNumber.exact(o.counters.subtreeMembers)
        ownMembers = ChineseNumber.exact(o.counters.ownMembers)
        subtreeOrganizationsShort = ChineseNumber.format(o.counters.subtreeOrganizations, english: english)
        subtreeMembersShort = ChineseNumber.format(o.counters.subtreeMembers, english: english)
        ownMembersShort = ChineseNumber.format(o.counters.ownMembers, english: english)
        hasChildren = o.hasChildren
    }
}

/// A member as a row in a list: the phone is always masked here.
struct MemberItem: Sendable {
    let url: String
    let name: String
    let memberNo: String
    let gender: String
    let status: String
    let phone: String
    let organization: String
    let organizationURL: String
    let categories: String

    init(_ m: MemberRecord, english: Bool) {
        url = WebURL.member(m.id)
        name = m.draft.name
        memberNo = m.draft.memberNo
        gender = m.draft.gender.name.text(english: english)
        status = m.draft.status.name.text(english: english)
        phone = m.maskedPhone
        organization = m.organizationName
        organizationURL = WebURL.organization(m.organizationID)
        categories = m.draft.categories.labels.map { $0.text(english: english) }.joined(separator: english ? ", " : "、")
    }
}
