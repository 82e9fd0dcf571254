import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 我的登录 (every account: its live sessions and tokens, each can be ended) and 账号管理 (the campaign
/// office: the accounts of its subtree, their grants, disabling, password resets, unlocking). A refused
/// change shows the page again with the reason; a done one comes back to the account with "saved".
struct AccountPages {
    let vanguard: Vanguard
    let views: Views

    struct SessionItem: Sendable {
        let kind: String
        let label: String?
        let address: String
        let created: String
        let expires: String
        let current: Bool
        let endURL: String
    }
    struct SessionsModel: Sendable {
        let frame: PageFrame
        let sessions: [SessionItem]
        let ended: Bool
    }
    struct GrantItem: Sendable {
        let role: String
        let roleName: String
        let organizationID: Int64
        let organizationName: String
        let organizationURL: String
    }
    struct AccountItem: Sendable {
        let id: Int64
        let url: String
        let username: String
        let displayName: String
        let active: Bool
        let sessions: Int
        let grants: [GrantItem]
    }
    struct RoleOption: Sendable { let value: String; let name: String }
    struct ListModel: Sendable {
        let frame: PageFrame
        let organizationName: String
        let actionURL: String
        let q: String
        let accounts: [AccountItem]
        let roles: [RoleOption]
        let error: String?
    }
    struct DetailModel: Sendable {
        let frame: PageFrame
        let account: AccountItem
        let roles: [RoleOption]
        let grantURL: String
        let revokeURL: String
        let activeURL: String
        let passwordURL: String
        let unlockURL: String
        let saved: Bool
        let error: String?
    }

    static let time: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "yyyy-MM-dd HH:mm"
        f.timeZone = TimeZone(identifier: "Asia/Shanghai")
        return f
    }()

    static func when(_ millis: Int64) -> String { time.string(from: Date(timeIntervalSince1970: Double(millis) / 1000)) }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.sessions.path) { request, context in
            let caller = try context.requireCaller()
            let t = Strings.text(english: context.english)
            let sessions = try await vanguard.accounts.sessions(current: request.cookies[SessionMiddleware.cookieName]?.value, as: caller)
            let items = sessions.map {
                SessionItem(
                    kind: $0.kind == "api" ? t["sessionKindAPI"] : t["sessionKindWeb"], label: $0.label, address: $0.address ?? "—",
                    created: Self.when($0.createdAt), expires: Self.when($0.expiresAt), current: $0.current, endURL: WebURL.endSession($0.id))
            }
            let ended = request.uri.queryParameters.get("ended") != nil
            return views.render(
                "sessions", SessionsModel(frame: PageFrame(context, title: t["mySessions"], path: WebURL.sessions), sessions: items, ended: ended))
        }
        router.post(WebRoute.endSession.path) { request, context in
            let caller = try context.requireCaller()
            try await vanguard.accounts.revokeSession(context.parameters.get("id") ?? "", as: caller)
            return redirect(WebURL.sessions + "?ended=1")
        }

        router.get(WebRoute.accounts.path) { request, context in
            let caller = try context.requireCaller()
            let q = String((request.uri.queryParameters.get("q") ?? "").prefix(64))
            return try await list(context, caller: caller, organizationID: try context.parameters.require("id", as: Int64.self), q: q, error: nil)
        }
        router.post(WebRoute.accounts.path) { request, context in
            let caller = try context.requireCaller()
            let orgID = try context.parameters.require("id", as: Int64.self)
            let form = try await WebForm.read(request, context: context)
            do {
                let org = try await vanguard.organizations.find(codeOrName: form["organization"], as: caller)
                guard let role = Role(rawValue: form["role"]) else { throw VanguardError.invalid("请选择角色", "Choose a role", field: "role") }
                var memberID: Int64?
                if !form["memberNo"].isEmpty {
                    guard
                        let m = try await vanguard.members.search(form["memberNo"], as: caller, limit: 5).first(where: { $0.draft.memberNo == form["memberNo"] }
                        )
                    else {
                        throw VanguardError.invalid("没有编号为“\(form["memberNo"])”的党员", "No member has the number '\(form["memberNo"])'", field: "memberNo")
                    }
                    memberID = m.id
                }
                let id = try await vanguard.accounts.createUser(
                    username: form["username"], displayName: form["displayName"].isEmpty ? form["username"] : form["displayName"],
                    password: form.fields["password"] ?? "", memberID: memberID, grants: [(role, org.id)], as: caller)
                return redirect(WebURL.account(id) + "?saved=1")
            } catch let e as VanguardError where [.invalid, .conflict, .forbidden].contains(e.kind) {
                return try await list(context, caller: caller, organizationID: orgID, q: "", error: e.message.text(english: context.english), status: e.status)
            }
        }

        router.get(WebRoute.account.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.parameters.require("id", as: Int64.self)
            return try await detail(context, caller: caller, id: id, saved: request.uri.queryParameters.get("saved") != nil, error: nil)
        }
        for action in ["grant", "revoke", "active", "password", "unlock"] {
            router.post(WebRoute.accountAction(action).path) { request, context in
                let caller = try context.requireCaller()
                let id = try context.parameters.require("id", as: Int64.self)
                let form = try await WebForm.read(request, context: context)
                do {
                    try await change(action, id: id, form: form, as: caller)
                } catch let e as VanguardError where [.invalid, .conflict, .forbidden].contains(e.kind) {
                    return try await detail(context, caller: caller, id: id, saved: false, error: e.message.text(english: context.english), status: e.status)
                }
                return redirect(WebURL.account(id) + "?saved=1")
            }
        }
    }

    func change(_ action: String, id: Int64, form: WebForm, as caller: Caller) async throws {
        let admin = vanguard.accountAdmin
        switch action {
        case "grant":
            guard let role = Role(rawValue: form["role"]) else { throw VanguardError.invalid("请选择角色", "Choose a role", field: "role") }
            let org = try await vanguard.organizations.find(codeOrName: form["organization"], as: caller)
            _ = try await admin.grant(id, role: role, organizationID: org.id, as: caller)
        case "revoke":
            guard let role = Role(rawValue: form["role"]), let orgID = Int64(form["organizationId"]) else {
                throw VanguardError.invalid("授权不完整", "The grant is incomplete", field: "role")
            }
            _ = try await admin.revoke(id, role: role, organizationID: orgID, as: caller)
        case "active":
            _ = try await admin.setActive(id, form["active"] == "1", as: caller)
        case "password":
            try await admin.resetPassword(id, to: form.fields["password"] ?? "", as: caller)
        default:
            try await vanguard.accounts.unlock(username: try await admin.account(id, as: caller).username, as: caller)
        }
    }

    func item(_ a: AccountSummary, english: Bool) -> AccountItem {
        AccountItem(
            id: a.id, url: WebURL.account(a.id), username: a.username, displayName: a.displayName, active: a.active, sessions: a.sessions,
            grants: a.grants.map {
                GrantItem(
                    role: $0.role.rawValue, roleName: $0.role.name.text(english: english), organizationID: $0.organizationID,
                    organizationName: $0.organizationName, organizationURL: WebURL.organization($0.organizationID))
            })
    }

    func roles(_ english: Bool) -> [RoleOption] { Role.allCases.map { RoleOption(value: $0.rawValue, name: $0.role(english)) } }

    func list(
        _ context: AppRequestContext, caller: Caller, organizationID: Int64, q: String, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let (org, accounts) = try await vanguard.accountAdmin.accountsOf(organizationID, matching: q.isEmpty ? nil : q, as: caller)
        guard !org.dissolved else { throw VanguardError.notFound(.init("该组织", "Organization")) }
        let t = Strings.text(english: context.english)
        let model = ListModel(
            frame: PageFrame(context, title: t["accounts"], path: WebURL.accounts(organizationID)), organizationName: org.name,
            actionURL: WebURL.accounts(organizationID), q: q, accounts: accounts.map { item($0, english: context.english) }, roles: roles(context.english),
            error: error)
        return views.render("accounts", model, status: status)
    }

    func detail(
        _ context: AppRequestContext, caller: Caller, id: Int64, saved: Bool, error: String?, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let a = try await vanguard.accountAdmin.account(id, as: caller)
        let t = Strings.text(english: context.english)
        let model = DetailModel(
            frame: PageFrame(context, title: "\(t["accounts"]) · \(a.username)", path: WebURL.account(id)), account: item(a, english: context.english),
            roles: roles(context.english), grantURL: WebURL.accountAction(id, "grant"), revokeURL: WebURL.accountAction(id, "revoke"),
            activeURL: WebURL.accountAction(id, "active"), passwordURL: WebURL.accountAction(id, "password"), unlockURL: WebURL.accountAction(id, "unlock"),
            saved: saved, error: error)
        return views.render("account", model, status: status)
    }
}

extension Role {
    fileprivate func role(_ english: Bool) -> String { name.text(english: english) }
}

extension VanguardError {
    /// The HTTP status a refused form answers with.
    var status: HTTPResponse.Status {
        switch kind {
        case .conflict: .conflict
        case .forbidden: .forbidden
        default: .badRequest
        }
    }
}
