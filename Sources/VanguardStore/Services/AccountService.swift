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
    /// bcrypt cost: 10 keeps a login under ~100 ms on these cores while staying expensive to brute-force.
    static let bcryptCost: UInt8 = 10
    public static let sessionLifetimeMillis: Int64 = 12 * 3600 * 1000
    public static let tokenLifetimeMillis: Int64 = 24 * 3600 * 1000

    public static func hashPassword(_ password: String) -> String { Bcrypt.hash(password, cost: bcryptCost) }

    public static func randomSecret() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    public func createUser(
        username: String, displayName: String, password: String, memberID: Int64? = nil, grants: [(Role, Int64)], as caller: Caller
    ) async throws -> Int64 {
        let name = username.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 64 else {
            throw VanguardError.invalid("用户名须为1到64个字符", "Username must be 1–64 characters", field: "username")
        }
        guard password.count >= 8 else {
            throw VanguardError.invalid("密码至少8位", "The password must have at least 8 characters", field: "password")
        }
        let hash = Self.hashPassword(password)
        let now = time.nowMillis()
        return try await backend.write { db in
            if try await AccountRepository.user(db, username: name) != nil {
                throw VanguardError.conflict("用户名“\(name)”已存在", "Username '\(name)' already exists")
            }
            for (_, orgID) in grants {
                guard let org = try await OrganizationRepository.get(db, id: orgID), caller.canSee(org.path) else {
                    throw VanguardError.notFound(OrganizationService.what)
                }
                try caller.require(.manageCampaign, at: org.path, what: OrganizationService.what)
            }
            let id = try await AccountRepository.insertUser(db, username: name, displayName: displayName, passwordHash: hash, memberID: memberID, now: now)
            for (role, orgID) in grants { try await AccountRepository.grant(db, userID: id, role: role, organizationID: orgID) }
            try await AuditRepository.append(
                db,
                .init(
                    at: now, actor: caller.username, action: "user.create", targetType: "user", targetID: id,
                    summary: "新建用户 \(name)：" + grants.map { "\($0.0.name.zh)@\($0.1)" }.joined(separator: "，")))
            return id
        }
    }

    public func setPassword(username: String, password: String, as caller: Caller) async throws {
        guard caller.isSystem else { throw VanguardError(.forbidden, .init("只有系统管理员可以重置密码", "Only the operator can reset passwords")) }
        guard password.count >= 8 else {
            throw VanguardError.invalid("密码至少8位", "The password must have at least 8 characters", field: "password")
        }
        let hash = Self.hashPassword(password)
        let now = time.nowMillis()
        try await backend.write { db in
            guard let user = try await AccountRepository.user(db, username: username) else { throw VanguardError.notFound(.init("该用户", "User")) }
            try await AccountRepository.setPassword(db, userID: user.id, passwordHash: hash)
            try await AuditRepository.append(
                db, .init(at: now, actor: caller.username, action: "user.password", targetType: "user", targetID: user.id, summary: "重置密码"))
        }
    }

    /// Checks a username and password; the same error for an unknown user and a wrong password.
    public func authenticate(username: String, password: String) async throws -> UserRecord {
        let user = try await backend.read { db in try await AccountRepository.user(db, username: username) }
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

    public func closeSession(secret: String) async throws {
        try await backend.write { db in try await AccountRepository.deleteSession(db, tokenHash: Self.hash(secret)) }
    }

    /// The caller behind a session secret, with their current grants, or nil.
    public func caller(forSecret secret: String, kind: String) async throws -> (caller: Caller, csrf: String)? {
        let now = time.nowMillis()
        return try await backend.read { db in
            guard let s = try await AccountRepository.session(db, tokenHash: Self.hash(secret), kind: kind, now: now),
                let user = try await AccountRepository.user(db, id: s.userID), user.active
            else { return nil }
            let grants = try await AccountRepository.grants(db, userID: user.id)
            return (
                Caller(userID: user.id, username: user.username, displayName: user.displayName, scope: AccessScope(grants: grants), memberID: user.memberID),
                s.csrf
            )
        }
    }
}
