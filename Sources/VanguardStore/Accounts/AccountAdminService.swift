import Foundation
import SQLKit
import VanguardCore

/// 账号管理 by the campaign office: list the accounts of its subtree, grant and revoke roles, disable
/// and enable, reset a password. An account the caller may not administer (a grant outside her
/// subtree, or her own) is "not found" or refused before anything is written; every change is audited.
public struct AccountAdminService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该用户", "User")

    /// Accounts with a grant in the subtree of `organizationID` that the caller may administer.
    public func accounts(under organizationID: Int64, matching text: String? = nil, limit: Int = 200, as caller: Caller) async throws -> [AccountSummary] {
        try await accountsOf(organizationID, matching: text, limit: limit, as: caller).accounts
    }

    /// 账号页: an organization and the accounts the caller administers in its subtree, in one read.
    public func accountsOf(
        _ organizationID: Int64, matching text: String? = nil, limit: Int = 200, as caller: Caller
    ) async throws -> (organization: OrganizationRecord, accounts: [AccountSummary]) {
        let now = time.nowMillis()
        return try await backend.read { db in
            guard let org = try await OrganizationRepository.get(db, id: organizationID), caller.canSee(org.path) else {
                throw VanguardError.notFound(OrganizationService.what)
            }
            try caller.require(.manageAccounts, at: org.path, what: OrganizationService.what)
            var out: [AccountSummary] = []
            for id in try await AccountRepository.accountIDs(db, under: org.path, matching: text.map { String($0.prefix(64)) }, limit: min(max(1, limit), 500))
            {
                if let a = try await AccountRepository.summary(db, userID: id, now: now), Self.administers(a, caller) { out.append(a) }
            }
            return (org, out)
        }
    }

    public func account(_ id: Int64, as caller: Caller) async throws -> AccountSummary {
        let now = time.nowMillis()
        return try await backend.read { db in try await Self.administered(db, id, caller, now: now) }
    }

    public func account(named username: String, as caller: Caller) async throws -> AccountSummary {
        let now = time.nowMillis()
        return try await backend.read { db in
            guard let user = try await AccountRepository.user(db, username: username) else { throw VanguardError.notFound(Self.what) }
            return try await Self.administered(db, user.id, caller, now: now)
        }
    }

    /// 授权: a role on an organization inside the caller's subtree.
    public func grant(_ id: Int64, role: Role, organizationID: Int64, as caller: Caller) async throws -> AccountSummary {
        try await change(id, as: caller) { db, account, now in
            guard let org = try await OrganizationRepository.get(db, id: organizationID), !org.dissolved, caller.canSee(org.path) else {
                throw VanguardError.notFound(OrganizationService.what)
            }
            guard caller.isSystem || AccountAdministration.mayGrant(role, at: org.path, by: caller.scope) else {
                throw VanguardError(.forbidden, .init("只能在本单位范围内授权", "Grants can only be given inside your own organizations"))
            }
            guard !account.grants.contains(where: { $0.role == role && $0.organizationID == org.id }) else {
                throw VanguardError.conflict("该账号已有此授权", "The account already has this grant")
            }
            try await AccountRepository.grant(db, userID: id, role: role, organizationID: org.id)
            return ("user.grant", "授予\(role.name.zh)（\(org.name)）")
        }
    }

    /// 撤销授权: the account keeps at least one (disable it instead).
    public func revoke(_ id: Int64, role: Role, organizationID: Int64, as caller: Caller) async throws -> AccountSummary {
        try await change(id, as: caller) { db, account, _ in
            let grants = account.grants.map { RoleGrant(role: $0.role, organizationID: $0.organizationID, organizationPath: $0.organizationPath) }
            if let problem = AccountAdministration.problem(revokingFrom: grants, role, at: organizationID) { throw problem }
            try await AccountRepository.revoke(db, userID: id, role: role, organizationID: organizationID)
            let name = account.grants.first { $0.organizationID == organizationID }?.organizationName ?? ""
            return ("user.revoke", "撤销\(role.name.zh)（\(name)）")
        }
    }

    /// 停用 / 启用: a disabled account cannot log in and its sessions and tokens end at once.
    public func setActive(_ id: Int64, _ active: Bool, as caller: Caller) async throws -> AccountSummary {
        try await change(id, as: caller) { db, account, _ in
            guard account.active != active else { return nil }
            try await AccountRepository.setActive(db, userID: id, active: active)
            if !active { try await AccountRepository.deleteSessions(db, userID: id, except: nil) }
            return active ? ("user.enable", "启用账号") : ("user.disable", "停用账号，结束全部会话")
        }
    }

    /// 重置密码: the office sets a password under the same rules; every session and token of the account ends.
    public func resetPassword(_ id: Int64, to password: String, as caller: Caller) async throws {
        let username = try await account(id, as: caller).username
        if let problem = PasswordPolicy.problem(password, username: username) { throw problem }
        let hash = AccountService.hashPassword(password)
        _ = try await change(id, as: caller) { db, _, now in
            try await AccountRepository.setPassword(db, userID: id, passwordHash: hash, now: now)
            try await AccountRepository.deleteSessions(db, userID: id, except: nil)
            // The office knows this password: the owner changes it at the next login.
            if !caller.isSystem { try await AccountRepository.setMustChangePassword(db, userID: id, true) }
            return ("user.password", "重置密码，结束全部会话，须本人登录后修改")
        }
    }

    /// Runs one change to an administered account in a transaction with its audit record (`body`
    /// answers the action and summary, or nil when nothing changed), and returns the account after.
    func change(
        _ id: Int64, as caller: Caller, _ body: @escaping @Sendable (any SQLDatabase, AccountSummary, Int64) async throws -> (String, String)?
    ) async throws -> AccountSummary {
        let now = time.nowMillis()
        return try await backend.write { db in
            let account = try await Self.administered(db, id, caller, now: now)
            if let problem = AccountAdministration.problem(changing: id, by: caller.userID) { throw problem }
            if let (action, summary) = try await body(db, account, now) {
                try await WritePath.record(
                    db, .init(at: now, actor: caller.username, action: action, targetType: "user", targetID: id, summary: "\(account.username)：\(summary)"))
            }
            return try await Self.administered(db, id, caller, now: now, afterChange: true)
        }
    }

    static func administers(_ a: AccountSummary, _ caller: Caller) -> Bool {
        caller.isSystem
            || AccountAdministration.mayAdminister(
                a.grants.map { RoleGrant(role: $0.role, organizationID: $0.organizationID, organizationPath: $0.organizationPath) }, by: caller.scope)
    }

    static func administered(_ db: any SQLDatabase, _ id: Int64, _ caller: Caller, now: Int64, afterChange: Bool = false) async throws -> AccountSummary {
        guard let a = try await AccountRepository.summary(db, userID: id, now: now), afterChange || administers(a, caller) else {
            throw VanguardError.notFound(what)
        }
        return a
    }
}
