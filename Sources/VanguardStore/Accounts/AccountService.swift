import Crypto
import Foundation
import HummingbirdBcrypt
import SQLKit
import VanguardCore

/// Accounts, logins and sessions. Secrets (session cookies, API tokens) are random 256-bit values
/// handed to the client once; only their SHA-256 hashes are stored.
public struct AccountService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    var passwordMaxAgeDays = 0
    /// bcrypt cost: 10 keeps a login under ~100 ms on these cores while staying expensive to brute-force.
    static let bcryptCost: UInt8 = 10
    public static let sessionLifetimeMillis: Int64 = 12 * 3600 * 1000
    public static let tokenLifetimeMillis: Int64 = 24 * 3600 * 1000

    public static func hashPassword(_ password: String) -> String { Bcrypt.hash(password, cost: bcryptCost) }

    public static func randomSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return bytes.hex
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).hex
    }

    public func createUser(
        username: String, displayName: String, password: String, memberID: Int64? = nil, grants: [(Role, Int64)], as caller: Caller
    ) async throws -> Int64 {
        // Rights first, then existence: an account without grants would belong to no office (only the
        // operator makes one), and "username taken" must not answer those who may not create accounts.
        guard caller.isSystem || (!grants.isEmpty && caller.scope.grants.contains { $0.role.permissions.contains(.manageAccounts) }) else {
            throw VanguardError(.forbidden, .init("您没有新建账号的权限，新账号至少要有一项授权", "You may not create this account; a new account needs at least one grant"))
        }
        let name = username.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else {
            throw VanguardError.invalid("用户名须为1到64个字符", "Username must be 1–64 characters", field: "username")
        }
        if let problem = PasswordPolicy.problem(password, username: name) { throw problem }
        let hash = Self.hashPassword(password)
        let now = time.nowMillis()
        guard grants.count <= 20, displayName.count <= 64 else {
            throw VanguardError.invalid("授权最多20项，姓名最多64个字符", "At most 20 grants and a name of at most 64 characters", field: "grants")
        }
        return try await backend.write { db in
            for (role, orgID) in grants {
                guard let org = try await OrganizationRepository.get(db, id: orgID), !org.dissolved, caller.canSee(org.path) else {
                    throw VanguardError.notFound(OrganizationService.what)
                }
                try caller.require(.manageAccounts, at: org.path, what: OrganizationService.what)
                guard caller.isSystem || AccountAdministration.mayGrant(role, at: org.path, by: caller.scope) else {
                    throw VanguardError(.forbidden, .init("办公室的授权须由上级给予", "An office role is granted from the level above"))
                }
            }
            if let memberID {
                // The member's own account: only for a member in the caller's charge, and only one.
                guard let m = try await MemberRepository.get(db, id: memberID), caller.allows(.manageAccounts, at: m.organizationPath) else {
                    throw VanguardError.notFound(MemberService.what)
                }
                if try await AccountRepository.user(db, memberID: m.id) != nil {
                    throw VanguardError.conflict("该党员已有账号", "The member already has an account")
                }
            }
            if try await AccountRepository.user(db, username: name) != nil {
                throw VanguardError.conflict("用户名“\(name)”已存在", "Username '\(name)' already exists")
            }
            let id = try await AccountRepository.insertUser(db, username: name, displayName: displayName, passwordHash: hash, memberID: memberID, now: now)
            // A password the office chose is changed by its owner at the first login.
            if !caller.isSystem { try await AccountRepository.setMustChangePassword(db, userID: id, true) }
            try await AccountRepository.remember(db, userID: id, passwordHash: hash, now: now)
            for (role, orgID) in grants { try await AccountRepository.grant(db, userID: id, role: role, organizationID: orgID) }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "user.create", targetType: "user", targetID: id,
                    summary: "新建用户 \(name)：" + grants.map { "\($0.0.name.zh)@\($0.1)" }.joined(separator: "，")))
            return id
        }
    }

    public func setPassword(username: String, password: String, as caller: Caller) async throws {
        guard caller.isSystem else { throw VanguardError(.forbidden, .init("只有系统管理员可以重置密码", "Only the operator can reset passwords")) }
        if let problem = PasswordPolicy.problem(password, username: username) { throw problem }
        let hash = Self.hashPassword(password)
        let now = time.nowMillis()
        try await backend.write { db in
            guard let user = try await AccountRepository.user(db, username: username) else { throw VanguardError.notFound(.init("该用户", "User")) }
            try await AccountRepository.setPassword(db, userID: user.id, passwordHash: hash, now: now)
            // A reset ends every session: whoever knew the old password is out.
            try await AccountRepository.deleteSessions(db, userID: user.id, except: nil)
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "user.password", targetType: "user", targetID: user.id, summary: "重置密码"))
        }
    }

    /// 登录: checks the throttle of the account from this address, of the account and of the address
    /// (before bcrypt, so a throttled guess costs nothing), then the password; records the failure
    /// or the login in the audit, and opens a session of `kind` ("web" or "api").
    public func logIn(
        username raw: String, password: String, address: String, kind: String, label: String? = nil
    ) async throws -> (
        user: UserRecord, secret: String, csrf: String, mustChangePassword: Bool
    ) {
        let username = String(raw.prefix(64))
        let keys = ["pair:\(username)|\(address)", "account:\(username)", "address:\(address)"]
        let policies: [String: LoginDelayPolicy] = [keys[0]: .accountFromAddress, keys[1]: .account, keys[2]: .address]
        let now = time.nowMillis()
        let counts = try await primaryRead { db in try await LoginFailureRepository.load(db, keys: keys) }
        let wait = counts.compactMap { key, c in policies[key]?.wait(failures: c.failures, lastAt: c.lastAt, now: now) }.max()
        if let wait {
            let minutes = max(1, Int((wait + 59_999) / 60_000))
            throw VanguardError(.tooManyRequests, .init("登录失败次数过多，请\(minutes)分钟后再试", "Too many failed logins; try again in \(minutes) minutes"))
        }
        let user: UserRecord
        do {
            user = try await authenticate(username: username, password: password)
        } catch {
            try await backend.write { db in
                try await LoginFailureRepository.record(db, keys: keys, now: now)
                try await WritePath.record(
                    db,
                    .init(
                        at: now, actor: username, action: "auth.failure", targetType: "user", targetID: nil,
                        summary: "登录失败（\(Self.kindName(kind))，来自 \(address)）"))
            }
            throw error
        }
        let secret = Self.randomSecret()
        let csrf = Self.randomSecret()
        let lifetime = kind == "api" ? Self.tokenLifetimeMillis : Self.sessionLifetimeMillis
        let maxAge = passwordMaxAgeDays
        let expired = try await backend.write { db -> Bool in
            try await LoginFailureRepository.clear(db, keys: Array(keys.prefix(2)))
            try await AccountRepository.deleteExpiredSessions(db, now: now)
            let changedAt = try await AccountRepository.passwordChangedAt(db, userID: user.id)
            let setByOffice = try await AccountRepository.mustChangePassword(db, userID: user.id)
            let expired = setByOffice || PasswordExpiry.expired(changedAt: changedAt, now: now, maxAgeDays: maxAge)
            try await AccountRepository.insertSession(
                db, tokenHash: Self.hash(secret), userID: user.id, kind: kind, csrf: csrf, now: now, expiresAt: now + lifetime,
                address: String(address.prefix(64)), label: label.map { String($0.prefix(64)) }, mustChangePassword: expired)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: user.username, action: "auth.login", targetType: "user", targetID: user.id,
                    summary: "登录（\(Self.kindName(kind))，来自 \(address)）" + (expired ? "，须先修改密码" : "")))
            return expired
        }
        return (user, secret, csrf, expired)
    }

    /// 解锁: the office (or the operator) clears an account's failed logins at once.
    public func unlock(username: String, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            guard let user = try await AccountRepository.user(db, username: username) else { throw VanguardError.notFound(.init("该用户", "User")) }
            if !caller.isSystem {
                if let problem = AccountAdministration.problem(changing: user.id, by: caller.userID) { throw problem }
                let grants = try await AccountRepository.grants(db, userID: user.id)
                // The office may unlock an account whose every grant lies in its own subtree.
                guard AccountAdministration.mayAdminister(grants, by: caller.scope) else {
                    throw VanguardError.notFound(.init("该用户", "User"))
                }
            }
            try await LoginFailureRepository.clear(db, account: user.username)
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "user.unlock", targetType: "user", targetID: user.id, summary: "解除登录限制"))
        }
    }

    /// 修改密码 (self-service): the current password, then the rules (not one of the last five); every
    /// other session of the account ends, the one in use stays.
    public func changePassword(current: String, new password: String, keepingSession secret: String?, as caller: Caller) async throws {
        guard let userID = caller.userID else { throw VanguardError(.forbidden, .init("请先登录", "Log in first")) }
        let now = time.nowMillis()
        let (user, recent) = try await primaryRead { db in
            (try await AccountRepository.user(db, id: userID), try await AccountRepository.recentPasswordHashes(db, userID: userID))
        }
        guard let user, Bcrypt.verify(current, hash: user.passwordHash) else {
            throw VanguardError.invalid("当前密码不正确", "The current password is wrong", field: "current")
        }
        let history = recent.isEmpty ? [user.passwordHash] : recent
        if let problem = PasswordPolicy.problem(
            password, username: user.username, isRecent: { candidate in history.contains { Bcrypt.verify(candidate, hash: $0) } })
        {
            throw problem
        }
        let hash = Self.hashPassword(password)
        try await backend.write { db in
            try await AccountRepository.setPassword(db, userID: userID, passwordHash: hash, now: now)
            try await AccountRepository.deleteSessions(db, userID: userID, except: secret.map(Self.hash))
            if let secret { try await AccountRepository.clearMustChange(db, tokenHash: Self.hash(secret)) }
            try await AccountRepository.setMustChangePassword(db, userID: userID, false)
            try await WritePath.record(
                db, .init(at: now, actor: user.username, action: "user.password.change", targetType: "user", targetID: userID, summary: "本人修改密码"))
        }
    }

    /// 我的会话: the caller's own live web sessions and API tokens; `secret` marks the one in use.
    public func sessions(current secret: String?, as caller: Caller) async throws -> [SessionRecord] {
        guard let userID = caller.userID else { return [] }
        let now = time.nowMillis()
        return try await primaryRead { db in try await AccountRepository.sessions(db, userID: userID, now: now, current: secret.map(Self.hash)) }
    }

    /// Ends one of the caller's own sessions or tokens (another device, a leaked token); audited.
    /// Another account's session is "not found", like one that does not exist.
    public func revokeSession(_ id: String, as caller: Caller) async throws {
        guard let userID = caller.userID else { throw VanguardError.notFound(Self.sessionWhat) }
        let now = time.nowMillis()
        try await backend.write { db in
            guard try await AccountRepository.deleteSession(db, userID: userID, id: id) else { throw VanguardError.notFound(Self.sessionWhat) }
            try await WritePath.record(
                db, .init(at: now, actor: caller.username, action: "auth.revoke", targetType: "user", targetID: userID, summary: "结束会话 \(id.prefix(16))"))
        }
    }

    static let sessionWhat = Bilingual("该会话", "Session")

    /// Checks a username and password; the same error for an unknown user and a wrong password.
    public func authenticate(username: String, password: String) async throws -> UserRecord {
        let user = try await primaryRead { db in try await AccountRepository.user(db, username: username) }
        // Verify against a dummy hash for unknown users, so timing does not tell which usernames exist.
        let hash = user?.passwordHash ?? Self.dummyHash
        let ok = Bcrypt.verify(password, hash: hash)
        guard ok, let user, user.active else {
            throw VanguardError(.unauthorized, .init("用户名或密码错误", "Wrong username or password"))
        }
        return user
    }

    static let dummyHash = Bcrypt.hash("not a password", cost: bcryptCost)

    /// Opens a session of `kind` ("web" or "api") and returns (secret, csrf token).
    public func openSession(userID: Int64, kind: String) async throws -> (secret: String, csrf: String) {
        let secret = Self.randomSecret()
        let csrf = Self.randomSecret()
        let now = time.nowMillis()
        let lifetime = kind == "api" ? Self.tokenLifetimeMillis : Self.sessionLifetimeMillis
        try await backend.write { db in
            try await AccountRepository.deleteExpiredSessions(db, now: now)
            try await AccountRepository.insertSession(
                db, tokenHash: Self.hash(secret), userID: userID, kind: kind, csrf: csrf, now: now, expiresAt: now + lifetime)
        }
        return (secret, csrf)
    }

    public func closeSession(secret: String, username: String? = nil) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            try await AccountRepository.deleteSession(db, tokenHash: Self.hash(secret))
            if let username {
                try await WritePath.record(db, .init(at: now, actor: username, action: "auth.logout", targetType: "user", targetID: nil, summary: "退出登录"))
            }
        }
    }

    /// Accounts are read from the primary, never a read replica: a session revoked, a password reset or
    /// an account disabled takes effect at once, a login's session is found on the very next request,
    /// and the login throttle counts every failure.
    func primaryRead<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await ReadRouting.$current.withValue(nil) { try await backend.read(body) }
    }

    /// The caller behind a session secret, with their current grants, or nil.
    public func caller(forSecret secret: String, kind: String) async throws -> (caller: Caller, csrf: String)? {
        let now = time.nowMillis()
        return try await primaryRead { db in try await Self.caller(db, secret: secret, kind: kind, now: now) }
    }

    static func caller(_ db: any SQLDatabase, secret: String, kind: String, now: Int64) async throws -> (caller: Caller, csrf: String)? {
        guard let s = try await AccountRepository.session(db, tokenHash: Self.hash(secret), kind: kind, now: now),
            let user = try await AccountRepository.user(db, id: s.userID), user.active
        else { return nil }
        let grants = try await AccountRepository.grants(db, userID: user.id)
        var caller = Caller(
            userID: user.id, username: user.username, displayName: user.displayName, scope: AccessScope(grants: grants), memberID: user.memberID)
        caller.mustChangePassword = s.mustChangePassword
        return (caller, s.csrf)
    }

    /// How the audit names a session's kind: 网页 (a browser's) or 接口 (an API token's).
    static func kindName(_ kind: String) -> String { kind == "api" ? "接口" : kind == "web" ? "网页" : kind }
}
