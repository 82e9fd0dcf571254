import Foundation
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

/// Issue 11, findings 5 and 6: failed logins slow the attacker without locking the owner out, survive
/// a restart and count web and API together; every login, failure and logout is audited; the audit
/// log is a hash chain whose first break is named.
@Suite("账号安全与审计（SQLite 与 PostgreSQL）")
struct AccountSecurityStoreTests {
    func makeUser(_ v: Vanguard, _ name: String = "clerk") async throws -> SmallCity {
        let c = try await SmallCity.make(v)
        _ = try await v.accounts.createUser(username: name, displayName: "文员", password: "Right-pass-1", grants: [(.committeeStaff, c.town.id)], as: .system())
        return c
    }

    @Test("同一地址连续输错5次后受限，但本人从别处仍能登录；重启后限制仍在；办公室可以解锁", arguments: TestDatabase.enabled)
    func attackerCannotLockTheOwnerOut(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            _ = try await makeUser(v)
            for _ in 0..<5 {
                #expect(
                    await refusal { _ = try await v.accounts.logIn(username: "clerk", password: "wrong", address: "203.0.113.9", kind: "web") } == .unauthorized
                )
            }
            // The sixth try from the attacker's address is refused before the password is checked — even the right one.
            #expect(
                await refusal { _ = try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "203.0.113.9", kind: "api") }
                    == .tooManyRequests)
            // The owner, at her own desk, is not locked out.
            #expect(try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "10.0.0.5", kind: "web").user.username == "clerk")
            // A restart (a new process over the same database) remembers the attacker.
            let restarted = Vanguard(backend: v.backend, time: v.time)
            #expect(
                await refusal { _ = try await restarted.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "203.0.113.9", kind: "web") }
                    == .tooManyRequests)
            try await restarted.accounts.unlock(username: "clerk", as: .system())
            #expect(
                try await restarted.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "203.0.113.9", kind: "web").user.username == "clerk")
            let actions = try await v.backend.read { db in
                try await db.raw("SELECT action FROM audit_log WHERE action LIKE 'auth.%' OR action = 'user.unlock' ORDER BY seq").all(
                    decodingColumn: "action", as: String.self)
            }
            #expect(actions == Array(repeating: "auth.failure", count: 5) + ["auth.login", "user.unlock", "auth.login"])
        }
    }

    @Test("一个地址尝试许多用户名也会被减慢", arguments: TestDatabase.enabled)
    func sprayingFromOneAddressIsSlowed(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            _ = try await makeUser(v)
            for i in 0..<30 {
                _ = await refusal { _ = try await v.accounts.logIn(username: "user\(i)", password: "guess", address: "198.51.100.7", kind: "api") }
            }
            #expect(
                await refusal { _ = try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "198.51.100.7", kind: "web") }
                    == .tooManyRequests)
            #expect(try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "192.0.2.1", kind: "web").user.username == "clerk")
        }
    }

    @Test("延迟逐次加倍但有上限，一天无失败后清零")
    func progressiveDelay() {
        let p = LoginDelayPolicy.accountFromAddress
        #expect(p.wait(failures: 4, lastAt: 0, now: 0) == nil)
        #expect(p.wait(failures: 5, lastAt: 0, now: 0) == 60_000)
        #expect(p.wait(failures: 6, lastAt: 0, now: 0) == 120_000)
        #expect(p.wait(failures: 1_000_000, lastAt: 0, now: 0) == p.maxDelayMillis)
        #expect(p.wait(failures: 5, lastAt: 0, now: 60_000) == nil)
        #expect(p.wait(failures: 50, lastAt: 0, now: LoginDelayPolicy.forgetAfterMillis + 1) == nil)
    }

    @Test("审计日志是哈希链：修改、删除、插入和截尾都能指出第一处", arguments: TestDatabase.enabled)
    func auditChainNamesTheFirstBreak(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            _ = try await makeUser(v)
            for i in 0..<5 {
                try await v.backend.write { db in
                    try await AuditRepository.append(
                        db, .init(at: Int64(i), actor: "t", action: "test.step", targetType: "test", targetID: Int64(i), summary: "第\(i)步"))
                }
            }
            guard case .whole(let n, _) = try await AuditChain.verify(v.backend) else {
                Issue.record("a fresh chain is broken")
                return
            }
            let seqOf = { (i: Int) in
                try await v.backend.read { db in
                    try await db.raw("SELECT seq FROM audit_log WHERE action = 'test.step' AND target_id = \(bind: i)").first(
                        decodingColumn: "seq", as: Int64.self)!
                }
            }
            let second = try await seqOf(1)
            // Edited.
            try await v.backend.write { db in try await db.raw("UPDATE audit_log SET summary = '改过' WHERE seq = \(bind: second)").run() }
            #expect(try await AuditChain.verify(v.backend) == .edited(seq: second))
            try await v.backend.write { db in try await db.raw("UPDATE audit_log SET summary = '第1步' WHERE seq = \(bind: second)").run() }
            #expect(try await AuditChain.verify(v.backend).isWhole)
            // Deleted in the middle.
            try await v.backend.write { db in try await db.raw("DELETE FROM audit_log WHERE seq = \(bind: second)").run() }
            #expect(try await AuditChain.verify(v.backend) == .deleted(afterSeq: second - 1))
            // Inserted outside the chain.
            try await v.backend.write { db in
                try await db.raw("INSERT INTO audit_log (at, actor, action, target_type, summary) VALUES (1, 'x', 'forged', 'test', '伪造')").run()
            }
            guard case .unchained = try await AuditChain.verify(v.backend) else {
                Issue.record("an inserted row went unnoticed")
                return
            }
            // Cut at the tail, on a chain of its own.
            try await TestDatabase.sqlite.withVanguard { w in
                _ = try await makeUser(w)
                try await w.backend.write { db in try await db.raw("DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)").run() }
                guard case .deleted = try await AuditChain.verify(w.backend) else {
                    Issue.record("a cut tail went unnoticed")
                    return
                }
            }
            #expect(n >= 5)
        }
    }

    @Test("密码规则：长度、三类字符、不含用户名、不是常见密码")
    func passwordRules() {
        #expect(PasswordPolicy.problem("12345678", username: "clerk") != nil)
        #expect(PasswordPolicy.problem("password", username: "clerk") != nil)
        #expect(PasswordPolicy.problem("Clerk-2026!", username: "clerk")?.message.zh.contains("用户名") == true)
        #expect(PasswordPolicy.problem("Password1!", username: "clerk")?.message.zh.contains("常见") == true)
        #expect(PasswordPolicy.problem("Admin2024", username: "clerk")?.message.zh.contains("常见") == true)
        #expect(PasswordPolicy.problem("Short1!", username: "clerk") != nil)
        #expect(PasswordPolicy.problem("Tao-hua-2026", username: "clerk") == nil)
        #expect(PasswordPolicy.problem("桃花村Tao2026", username: "clerk") == nil)
    }

    @Test("本人修改密码：须先输入当前密码，不能用最近用过的，改后其他会话退出", arguments: TestDatabase.enabled)
    func selfServiceChange(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            _ = try await makeUser(v)
            await #expect(throws: VanguardError.self) {
                _ = try await v.accounts.createUser(username: "weak", displayName: "弱", password: "12345678", grants: [], as: .system())
            }
            let here = try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "10.0.0.5", kind: "web")
            let phone = try await v.accounts.logIn(username: "clerk", password: "Right-pass-1", address: "10.0.0.6", kind: "api")
            let me = try #require(try await v.accounts.caller(forSecret: here.secret, kind: "web")?.caller)
            #expect(
                await refusal { try await v.accounts.changePassword(current: "wrong", new: "Tao-hua-2026", keepingSession: here.secret, as: me) } == .invalid)
            #expect(
                await refusal { try await v.accounts.changePassword(current: "Right-pass-1", new: "Right-pass-1", keepingSession: here.secret, as: me) }
                    == .invalid)
            try await v.accounts.changePassword(current: "Right-pass-1", new: "Tao-hua-2026", keepingSession: here.secret, as: me)
            #expect(try await v.accounts.caller(forSecret: here.secret, kind: "web") != nil)
            #expect(try await v.accounts.caller(forSecret: phone.secret, kind: "api") == nil)
            // Back to the first one: it is among the last five.
            #expect(
                await refusal { try await v.accounts.changePassword(current: "Tao-hua-2026", new: "Right-pass-1", keepingSession: here.secret, as: me) }
                    == .invalid)
            #expect(try await v.accounts.logIn(username: "clerk", password: "Tao-hua-2026", address: "10.0.0.5", kind: "web").user.username == "clerk")
        }
    }
}
