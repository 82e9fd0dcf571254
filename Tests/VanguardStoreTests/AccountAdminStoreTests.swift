import Foundation
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

/// Issue 11: the office administers the accounts of its subtree (grants, disabling, password resets),
/// every change audited; everyone lists and ends their own sessions and tokens.
@Suite("账号管理与会话（SQLite 与 PostgreSQL）")
struct AccountAdminStoreTests {
    static let password = "Right-pass-1"

    func refusal(_ body: () async throws -> Void) async -> VanguardError.Kind? {
        do {
            try await body()
            return nil
        } catch let e as VanguardError {
            return e.kind
        } catch {
            return nil
        }
    }

    /// The east district's office (a real account), a secretary of a village in it, and a clerk who
    /// also works in the west district.
    func accounts(_ v: Vanguard) async throws -> (c: SmallCity, office: Caller, secretary: Int64, clerk: Int64) {
        let c = try await SmallCity.make(v)
        let officeID = try await v.accounts.createUser(
            username: "east-office", displayName: "东区办", password: Self.password, grants: [(.campaignOffice, c.district.id)], as: .system())
        let secretary = try await v.accounts.createUser(
            username: "peach-sec", displayName: "桃花村书记", password: Self.password, grants: [(.branchSecretary, c.village1.id)], as: .system())
        let clerk = try await v.accounts.createUser(
            username: "both-clerk", displayName: "两区文员", password: Self.password,
            grants: [(.committeeStaff, c.town.id), (.committeeStaff, c.otherDistrict.id)], as: .system())
        let office = try #require(try await v.accounts.caller(forSecret: try await v.accounts.openSession(userID: officeID, kind: "web").secret, kind: "web")?.caller)
        return (c, office, secretary, clerk)
    }

    func actions(_ v: Vanguard, _ userID: Int64) async throws -> [String] {
        try await v.backend.read { db in try await AuditRepository.entries(db, targetType: "user", targetID: userID).map(\.action) }
    }

    @Test("办公室只管理本区范围内的账号：授权、撤销、停用、启用、重置密码，每项都记审计；范围外的账号和组织“不存在”", arguments: TestDatabase.enabled)
    func officeAdministersItsSubtree(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (c, office, secretary, clerk) = try await accounts(v)
            let listed = try await v.accountAdmin.accounts(under: c.district.id, as: office).map(\.username)
            // Her own account is listed; the clerk who also works in the west district is not hers to administer.
            #expect(listed == ["east-office", "peach-sec"])
            #expect(await refusal { _ = try await v.accountAdmin.account(clerk, as: office) } == .notFound)
            #expect(await refusal { _ = try await v.accountAdmin.accounts(under: c.otherDistrict.id, as: office) } == .notFound)
            // grants: inside her district only, never twice, never the last one taken away
            var a = try await v.accountAdmin.grant(secretary, role: .branchSecretary, organizationID: c.village2.id, as: office)
            #expect(a.grants.map(\.organizationName) == ["桃花村党支部", "李庄村党支部"])
            #expect(await refusal { _ = try await v.accountAdmin.grant(secretary, role: .member, organizationID: c.community.id, as: office) } == .notFound)
            #expect(await refusal { _ = try await v.accountAdmin.grant(secretary, role: .branchSecretary, organizationID: c.village2.id, as: office) } == .conflict)
            a = try await v.accountAdmin.revoke(secretary, role: .branchSecretary, organizationID: c.village1.id, as: office)
            #expect(a.grants.map(\.organizationID) == [c.village2.id])
            #expect(await refusal { _ = try await v.accountAdmin.revoke(secretary, role: .branchSecretary, organizationID: c.village2.id, as: office) } == .conflict)
            // her own account: not here
            #expect(await refusal { _ = try await v.accountAdmin.setActive(office.userID!, false, as: office) } == .forbidden)
            // disabling ends every session at once and stops logins; enabling lets her in again
            let session = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "api")
            a = try await v.accountAdmin.setActive(secretary, false, as: office)
            #expect(!a.active && a.sessions == 0)
            #expect(try await v.accounts.caller(forSecret: session.secret, kind: "api") == nil)
            #expect(await refusal { _ = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "web") } == .unauthorized)
            _ = try await v.accountAdmin.setActive(secretary, true, as: office)
            _ = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "web")
            // a reset follows the password rules and ends the sessions
            #expect(await refusal { try await v.accountAdmin.resetPassword(secretary, to: "password", as: office) } == .invalid)
            try await v.accountAdmin.resetPassword(secretary, to: "New-peach-2026", as: office)
            #expect(try await v.accountAdmin.account(secretary, as: office).sessions == 0)
            _ = try await v.accounts.logIn(username: "peach-sec", password: "New-peach-2026", address: "10.0.0.8", kind: "web")
            #expect(
                try await actions(v, secretary).filter { $0.hasPrefix("user.") } == [
                    "user.create", "user.grant", "user.revoke", "user.disable", "user.enable", "user.password",
                ])
            // A secretary administers nobody.
            let sec = try #require(try await v.accounts.caller(forSecret: try await v.accounts.openSession(userID: secretary, kind: "web").secret, kind: "web")?.caller)
            #expect(await refusal { _ = try await v.accountAdmin.accounts(under: c.village2.id, as: sec) } == .forbidden)
            #expect(await refusal { _ = try await v.accountAdmin.setActive(clerk, false, as: sec) } == .notFound)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("本人可以看到自己的网页登录和接口令牌（地址、名称），结束其中任何一个；别人的会话“不存在”", arguments: TestDatabase.enabled)
    func ownSessionsAreListedAndRevocable(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (_, office, secretary, _) = try await accounts(v)
            let web = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "web")
            let token = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "192.0.2.4", kind: "api", label: "台账脚本")
            let me = try #require(try await v.accounts.caller(forSecret: web.secret, kind: "web")?.caller)
            let sessions = try await v.accounts.sessions(current: web.secret, as: me)
            #expect(sessions.count == 2 && sessions.allSatisfy { $0.id.count == 16 })
            let api = try #require(sessions.first { $0.kind == "api" })
            #expect(api.label == "台账脚本" && api.address == "192.0.2.4" && !api.current)
            #expect(sessions.first { $0.kind == "web" }?.current == true)
            // Another account cannot end it, and is told it does not exist.
            #expect(await refusal { try await v.accounts.revokeSession(api.id, as: office) } == .notFound)
            #expect(try await v.accounts.caller(forSecret: token.secret, kind: "api") != nil)
            try await v.accounts.revokeSession(api.id, as: me)
            #expect(try await v.accounts.caller(forSecret: token.secret, kind: "api") == nil)
            #expect(try await v.accounts.sessions(current: web.secret, as: me).map(\.kind) == ["web"])
            #expect(await refusal { try await v.accounts.revokeSession("not-a-session-id", as: me) } == .notFound)
            #expect(try await actions(v, secretary).contains("auth.revoke"))
        }
    }
}
