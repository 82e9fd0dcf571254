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
        let office = try #require(
            try await v.accounts.caller(forSecret: try await v.accounts.openSession(userID: officeID, kind: "web").secret, kind: "web")?.caller)
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
            // Her own office account is administered from above, not by her; the clerk who also works in
            // the west district is not hers to administer either.
            #expect(listed == ["peach-sec"])
            #expect(await refusal { _ = try await v.accountAdmin.account(clerk, as: office) } == .notFound)
            #expect(await refusal { _ = try await v.accountAdmin.accounts(under: c.otherDistrict.id, as: office) } == .notFound)
            // grants: inside her district only, never twice, never the last one taken away
            var a = try await v.accountAdmin.grant(secretary, role: .branchSecretary, organizationID: c.village2.id, as: office)
            #expect(a.grants.map(\.organizationName) == ["桃花村党支部", "李庄村党支部"])
            #expect(await refusal { _ = try await v.accountAdmin.grant(secretary, role: .member, organizationID: c.community.id, as: office) } == .notFound)
            #expect(
                await refusal { _ = try await v.accountAdmin.grant(secretary, role: .branchSecretary, organizationID: c.village2.id, as: office) } == .conflict)
            a = try await v.accountAdmin.revoke(secretary, role: .branchSecretary, organizationID: c.village1.id, as: office)
            #expect(a.grants.map(\.organizationID) == [c.village2.id])
            #expect(
                await refusal { _ = try await v.accountAdmin.revoke(secretary, role: .branchSecretary, organizationID: c.village2.id, as: office) } == .conflict
            )
            // her own account, an office of her level: not here
            #expect(await refusal { _ = try await v.accountAdmin.setActive(office.userID!, false, as: office) } == .notFound)
            #expect(await refusal { try await v.accounts.unlock(username: "east-office", as: office) } == .forbidden)
            // The office role only from above: not on her own district, but on a town below it.
            #expect(
                await refusal { _ = try await v.accountAdmin.grant(secretary, role: .campaignOffice, organizationID: c.district.id, as: office) } == .forbidden)
            #expect(try await v.accountAdmin.grant(secretary, role: .campaignOffice, organizationID: c.town.id, as: office).grants.count == 2)
            _ = try await v.accountAdmin.revoke(secretary, role: .campaignOffice, organizationID: c.town.id, as: office)
            // disabling ends every session at once and stops logins; enabling lets her in again
            let session = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "api")
            a = try await v.accountAdmin.setActive(secretary, false, as: office)
            #expect(!a.active && a.sessions == 0)
            #expect(try await v.accounts.caller(forSecret: session.secret, kind: "api") == nil)
            #expect(
                await refusal { _ = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "web") }
                    == .unauthorized)
            _ = try await v.accountAdmin.setActive(secretary, true, as: office)
            _ = try await v.accounts.logIn(username: "peach-sec", password: Self.password, address: "10.0.0.8", kind: "web")
            // a reset follows the password rules and ends the sessions
            #expect(await refusal { try await v.accountAdmin.resetPassword(secretary, to: "password", as: office) } == .invalid)
            try await v.accountAdmin.resetPassword(secretary, to: "New-peach-2026", as: office)
            #expect(try await v.accountAdmin.account(secretary, as: office).sessions == 0)
            // The office knows the new password: she must change it before doing anything else.
            #expect(try await v.accounts.logIn(username: "peach-sec", password: "New-peach-2026", address: "10.0.0.8", kind: "web").mustChangePassword)
            #expect(
                try await actions(v, secretary).filter { $0.hasPrefix("user.") } == [
                    "user.create", "user.grant", "user.revoke", "user.grant", "user.revoke", "user.disable", "user.enable", "user.password",
                ])
            // A secretary administers nobody.
            let sec = try #require(
                try await v.accounts.caller(forSecret: try await v.accounts.openSession(userID: secretary, kind: "web").secret, kind: "web")?.caller)
            #expect(await refusal { _ = try await v.accountAdmin.accounts(under: c.village2.id, as: sec) } == .forbidden)
            #expect(await refusal { _ = try await v.accountAdmin.setActive(clerk, false, as: sec) } == .notFound)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("新建账号先看权限：没有授权的账号、范围外的党员、已有账号的党员都不行；书记问不出用户名是否存在；办公室设的密码须本人先改", arguments: TestDatabase.enabled)
    func creatingAccountsChecksRightsFirst(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (c, office, secretary, _) = try await accounts(v)
            let users = { try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM users").first(decodingColumn: "n", as: Int.self) ?? 0 } }
            let before = try await users()
            let sec = try #require(
                try await v.accounts.caller(forSecret: try await v.accounts.openSession(userID: secretary, kind: "web").secret, kind: "web")?.caller)
            // An account without grants would be nobody's to see: refused to all but the operator.
            #expect(
                await refusal { _ = try await v.accounts.createUser(username: "ghost", displayName: "x", password: "Ghost-pass-26", grants: [], as: sec) }
                    == .forbidden)
            #expect(
                await refusal { _ = try await v.accounts.createUser(username: "ghost", displayName: "x", password: "Ghost-pass-26", grants: [], as: office) }
                    == .forbidden)
            // "Taken" is not told to someone who may not create accounts.
            #expect(
                await refusal {
                    _ = try await v.accounts.createUser(
                        username: "east-office", displayName: "x", password: "Ghost-pass-26", grants: [(.member, c.village1.id)], as: sec)
                } == .forbidden)
            // A member's own account: only for a member in the office's charge, and only one.
            let inside = try await v.members.create(sampleMember("K1", name: "刘一"), organizationID: c.village1.id, as: .system())
            let outside = try await v.members.create(sampleMember("K2", name: "陈二"), organizationID: c.community.id, as: .system())
            #expect(
                await refusal {
                    _ = try await v.accounts.createUser(
                        username: "chen", displayName: "陈二", password: "Sunny-day-2026", memberID: outside.id, grants: [(.member, c.village1.id)], as: office)
                } == .notFound)
            #expect(try await users() == before)
            _ = try await v.accounts.createUser(
                username: "liu", displayName: "刘一", password: "Spring-rain-26", memberID: inside.id, grants: [(.member, c.village1.id)], as: office)
            #expect(
                await refusal {
                    _ = try await v.accounts.createUser(
                        username: "liu2", displayName: "刘一", password: "Spring-rain-26", memberID: inside.id, grants: [(.member, c.village1.id)], as: office)
                } == .conflict)
            // The office chose her password: the first login may only change it.
            let first = try await v.accounts.logIn(username: "liu", password: "Spring-rain-26", address: "10.0.0.3", kind: "web")
            #expect(first.mustChangePassword)
            let me = try #require(try await v.accounts.caller(forSecret: first.secret, kind: "web")?.caller)
            try await v.accounts.changePassword(current: "Spring-rain-26", new: "Autumn-leaf-27", keepingSession: first.secret, as: me)
            #expect(try await v.accounts.logIn(username: "liu", password: "Autumn-leaf-27", address: "10.0.0.3", kind: "web").mustChangePassword == false)
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

@Suite("口令定期更换（SQLite 与 PostgreSQL）")
struct PasswordExpiryStoreTests {
    @Test("设定90天后：过期的密码仍能登录，但会话只能改密码；改后恢复；不设定则永不过期", arguments: TestDatabase.enabled)
    func expiredPasswordsMustBeChangedFirst(_ database: TestDatabase) async throws {
        let clock = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: clock) { store in
            var v = store
            let c = try await SmallCity.make(v)
            _ = try await v.accounts.createUser(
                username: "clerk", displayName: "文员", password: "Right-pass-1", grants: [(.committeeStaff, c.town.id)], as: .system())
            clock.advance(days: 200)
            // No maximum age set: never expires.
            #expect(try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "10.0.0.1", kind: "web").mustChangePassword == false)
            v.passwordMaxAgeDays = 90
            let old = try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "10.0.0.1", kind: "web")
            #expect(old.mustChangePassword)
            let caller = try #require(try await v.accounts.caller(forSecret: old.secret, kind: "web")?.caller)
            #expect(caller.mustChangePassword)
            try await v.accounts.changePassword(current: "Right-pass-1", new: "Fresh-pass-2027", keepingSession: old.secret, as: caller)
            #expect(try await v.accounts.caller(forSecret: old.secret, kind: "web")?.caller.mustChangePassword == false)
            clock.advance(days: 89)
            #expect(try await v.accounts.logIn(username: "clerk", password: "Fresh-pass-2027", address: "10.0.0.1", kind: "api").mustChangePassword == false)
            clock.advance(days: 2)
            #expect(try await v.accounts.logIn(username: "clerk", password: "Fresh-pass-2027", address: "10.0.0.1", kind: "api").mustChangePassword)
        }
    }
}
