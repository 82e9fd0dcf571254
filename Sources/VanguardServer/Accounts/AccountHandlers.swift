import Foundation
import VanguardAPI
import VanguardCore
import VanguardStore

/// 会话与账号管理 in the JSON API: one's own sessions and tokens, and the office's accounts.
extension APIService {
    func createToken(_ input: Operations.CreateToken.Input) async throws -> Operations.CreateToken.Output {
        guard case .json(let body) = input.body else { throw APIErrors.badBody }
        let session = try await vanguard.accounts.logIn(
            username: body.username, password: body.password, address: RequestClient.address, kind: "api", label: body.label)
        let expires = Date(timeIntervalSince1970: Double(vanguard.time.nowMillis() + AccountService.tokenLifetimeMillis) / 1000)
        return .ok(.init(body: .json(.init(token: session.secret, expiresAt: expires, mustChangePassword: session.mustChangePassword))))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.accounts.changePassword(current: b.current, new: b.new, keepingSession: RequestCaller.token, as: try caller)
        return .noContent(.init())
    }

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let c = try caller
        let user = try await vanguard.backend.read { db in try await AccountRepository.user(db, id: c.userID ?? 0) }
        let roots = try await vanguard.organizations.scopeRoots(as: c)
        return .ok(
            .init(
                body: .json(
                    .init(
                        id: c.userID ?? 0, username: c.username, displayName: c.displayName, memberId: user?.memberID,
                        grants: c.scope.grants.map {
                            .init(role: .init(rawValue: $0.role.rawValue)!, roleName: $0.role.name.zh, organizationId: $0.organizationID)
                        },
                        scope: roots.map(APIMapping.organization)))))
    }

    static func account(_ a: AccountSummary) -> S.Account {
        .init(
            id: a.id, username: a.username, displayName: a.displayName, memberId: a.memberID, active: a.active, sessions: a.sessions,
            grants: a.grants.map {
                .init(
                    role: .init(rawValue: $0.role.rawValue)!, roleName: $0.role.name.zh, organizationId: $0.organizationID,
                    organizationName: $0.organizationName)
            })
    }

    static func date(_ millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    func revokeToken(_ input: Operations.RevokeToken.Input) async throws -> Operations.RevokeToken.Output {
        let c = try caller
        guard let token = RequestCaller.token else { throw VanguardError(.unauthorized, .init("请先登录", "Log in first")) }
        try await vanguard.accounts.closeSession(secret: token, username: c.username)
        return .noContent(.init())
    }

    func listSessions(_ input: Operations.ListSessions.Input) async throws -> Operations.ListSessions.Output {
        let sessions = try await vanguard.accounts.sessions(current: RequestCaller.token, as: try caller)
        return .ok(
            .init(
                body: .json(
                    sessions.map {
                        .init(
                            id: $0.id, kind: $0.kind == "api" ? .api : .web, label: $0.label, address: $0.address, createdAt: Self.date($0.createdAt),
                            expiresAt: Self.date($0.expiresAt), current: $0.current)
                    })))
    }

    func revokeSession(_ input: Operations.RevokeSession.Input) async throws -> Operations.RevokeSession.Output {
        try await vanguard.accounts.revokeSession(input.path.sessionId, as: try caller)
        return .noContent(.init())
    }

    func listUsers(_ input: Operations.ListUsers.Input) async throws -> Operations.ListUsers.Output {
        let q = input.query
        let found = try await vanguard.accountAdmin.accounts(under: q.organizationId, matching: q.q, limit: q.limit ?? 200, as: try caller)
        return .ok(.init(body: .json(found.map(Self.account))))
    }

    func createUser(_ input: Operations.CreateUser.Input) async throws -> Operations.CreateUser.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let id = try await vanguard.accounts.createUser(
            username: b.username, displayName: b.displayName, password: b.password, memberID: b.memberId,
            grants: b.grants.map { (Role(rawValue: $0.role.rawValue)!, $0.organizationId) }, as: c)
        return .created(.init(body: .json(Self.account(try await vanguard.accountAdmin.account(id, as: c)))))
    }

    func getUser(_ input: Operations.GetUser.Input) async throws -> Operations.GetUser.Output {
        .ok(.init(body: .json(Self.account(try await vanguard.accountAdmin.account(input.path.id, as: try caller)))))
    }

    func setUserActive(_ input: Operations.SetUserActive.Input) async throws -> Operations.SetUserActive.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        return .ok(.init(body: .json(Self.account(try await vanguard.accountAdmin.setActive(input.path.id, b.active, as: try caller)))))
    }

    func addGrant(_ input: Operations.AddGrant.Input) async throws -> Operations.AddGrant.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let a = try await vanguard.accountAdmin.grant(input.path.id, role: Role(rawValue: b.role.rawValue)!, organizationID: b.organizationId, as: try caller)
        return .ok(.init(body: .json(Self.account(a))))
    }

    func removeGrant(_ input: Operations.RemoveGrant.Input) async throws -> Operations.RemoveGrant.Output {
        let q = input.query
        let a = try await vanguard.accountAdmin.revoke(input.path.id, role: Role(rawValue: q.role.rawValue)!, organizationID: q.organizationId, as: try caller)
        return .ok(.init(body: .json(Self.account(a))))
    }

    func resetUserPassword(_ input: Operations.ResetUserPassword.Input) async throws -> Operations.ResetUserPassword.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.accountAdmin.resetPassword(input.path.id, to: b.password, as: try caller)
        return .noContent(.init())
    }

    func unlockUser(_ input: Operations.UnlockUser.Input) async throws -> Operations.UnlockUser.Output {
        let c = try caller
        let username = try await vanguard.accountAdmin.account(input.path.id, as: c).username
        try await vanguard.accounts.unlock(username: username, as: c)
        return .noContent(.init())
    }
}

extension APIService {
    func listAudit(_ input: Operations.ListAudit.Input) async throws -> Operations.ListAudit.Output {
        let q = input.query
        func day(_ text: String?, _ field: String) throws -> CalendarDay? {
            guard let text, !text.isEmpty else { return nil }
            guard let d = CalendarDay(parsing: text) else { throw VanguardError.invalid("日期格式应为 2026-12-01", "Dates look like 2026-12-01", field: field) }
            return d
        }
        let filter = AuditFilter(
            actor: q.actor?.nilIfEmpty, actionPrefix: q.action?.nilIfEmpty, targetType: q.targetType?.nilIfEmpty,
            fromMillis: try day(q.from, "from").map(AuditService.startMillis),
            untilMillis: try day(q.to, "to").map { AuditService.startMillis($0) + 86_400_000 })
        let records = try await vanguard.audit.records(filter, before: q.before, as: try caller)
        return .ok(
            .init(
                body: .json(
                    records.map {
                        .init(
                            seq: $0.seq, at: Self.date($0.entry.at), actor: $0.entry.actor, action: $0.entry.action, targetType: $0.entry.targetType,
                            targetId: $0.entry.targetID, summary: $0.entry.summary)
                    })))
    }
}
