import SQLKit
import VanguardCore

/// SQL for users, their role grants and their sessions.
public enum AccountRepository {
    static func user(_ row: any SQLRow) throws -> UserRecord {
        UserRecord(
            id: try row.int64("id"), username: try row.string("username"), displayName: try row.string("display_name"),
            passwordHash: try row.string("password_hash"), memberID: try row.optionalInt64("member_id"), active: try row.bool("active"))
    }

    public static func user(_ db: any SQLDatabase, username: String) async throws -> UserRecord? {
        try await db.raw("SELECT * FROM users WHERE username = \(bind: username)").first().map(user)
    }

    public static func user(_ db: any SQLDatabase, id: Int64) async throws -> UserRecord? {
        try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(user)
    }

    public static func insertUser(
        _ db: any SQLDatabase, username: String, displayName: String, passwordHash: String, memberID: Int64?, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "users").columns("username", "display_name", "password_hash", "member_id", "created_at")
            .values(SQLBind(username), SQLBind(displayName), SQLBind(passwordHash), SQLBind(memberID), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Sets the password and remembers it in the history (the last five are kept).
    public static func setPassword(_ db: any SQLDatabase, userID: Int64, passwordHash: String, now: Int64 = 0) async throws {
        try await db.update("users").set("password_hash", to: SQLBind(passwordHash)).where("id", .equal, SQLBind(userID)).run()
        try await remember(db, userID: userID, passwordHash: passwordHash, now: now)
    }

    static func remember(_ db: any SQLDatabase, userID: Int64, passwordHash: String, now: Int64) async throws {
        try await db.insert(into: "password_history").columns("user_id", "password_hash", "changed_at")
            .values(SQLBind(userID), SQLBind(passwordHash), SQLBind(now)).run()
        let keep = try await db.raw(
            "SELECT changed_at FROM password_history WHERE user_id = \(bind: userID) ORDER BY changed_at DESC LIMIT 1 OFFSET \(unsafeRaw: String(PasswordPolicy.historyDepth - 1))"
        ).first(decodingColumn: "changed_at", as: Int64.self)
        if let keep { try await db.raw("DELETE FROM password_history WHERE user_id = \(bind: userID) AND changed_at < \(bind: keep)").run() }
    }

    /// The hashes of the account's last passwords, newest first.
    public static func recentPasswordHashes(_ db: any SQLDatabase, userID: Int64) async throws -> [String] {
        try await db.raw(
            "SELECT password_hash FROM password_history WHERE user_id = \(bind: userID) ORDER BY changed_at DESC LIMIT \(unsafeRaw: String(PasswordPolicy.historyDepth))"
        ).all(decodingColumn: "password_hash", as: String.self)
    }

    /// Ends every session of the account but one (after a password change).
    public static func deleteSessions(_ db: any SQLDatabase, userID: Int64, except tokenHash: String?) async throws {
        if let tokenHash {
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID) AND token_hash <> \(bind: tokenHash)").run()
        } else {
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userID)").run()
        }
    }

    public static func grant(_ db: any SQLDatabase, userID: Int64, role: Role, organizationID: Int64) async throws {
        try await db.insert(into: "role_grants").columns("user_id", "role", "organization_id")
            .values(SQLBind(userID), SQLBind(role.rawValue), SQLBind(organizationID)).run()
    }

    /// The user's grants with the current paths of their organizations (paths change when subtrees move).
    public static func grants(_ db: any SQLDatabase, userID: Int64) async throws -> [RoleGrant] {
        try await db.raw(
            """
            SELECT g.role, g.organization_id, o.path FROM role_grants g JOIN organizations o ON o.id = g.organization_id
            WHERE g.user_id = \(bind: userID) AND o.dissolved = \(bind: false) ORDER BY o.depth
            """
        ).all().compactMap { row in
            guard let role = Role(rawValue: try row.string("role")), let path = TreePath(try row.string("path")) else { return nil }
            return RoleGrant(role: role, organizationID: try row.int64("organization_id"), organizationPath: path)
        }
    }

    public static func insertSession(
        _ db: any SQLDatabase, tokenHash: String, userID: Int64, kind: String, csrf: String, now: Int64, expiresAt: Int64,
        address: String? = nil, label: String? = nil, mustChangePassword: Bool = false
    ) async throws {
        try await db.insert(into: "sessions")
            .columns("token_hash", "user_id", "kind", "csrf_token", "created_at", "expires_at", "address", "label", "must_change_password")
            .values(
                SQLBind(tokenHash), SQLBind(userID), SQLBind(kind), SQLBind(csrf), SQLBind(now), SQLBind(expiresAt), SQLBind(address), SQLBind(label),
                SQLBind(mustChangePassword)
            ).run()
    }

    /// When the account's password was last set (its creation for an account older than the history).
    public static func passwordChangedAt(_ db: any SQLDatabase, userID: Int64) async throws -> Int64 {
        if let at = try await db.raw("SELECT MAX(changed_at) AS at FROM password_history WHERE user_id = \(bind: userID)").first(
            decodingColumn: "at", as: Int64?.self),
            let at
        {
            return at
        }
        return try await db.raw("SELECT created_at FROM users WHERE id = \(bind: userID)").first(decodingColumn: "created_at", as: Int64.self) ?? 0
    }

    /// Whether the account's password was set by someone else (the office) and must be changed first.
    public static func mustChangePassword(_ db: any SQLDatabase, userID: Int64) async throws -> Bool {
        try await db.raw("SELECT must_change_password FROM users WHERE id = \(bind: userID)").first(decodingColumn: "must_change_password", as: Bool.self)
            ?? false
    }

    public static func setMustChangePassword(_ db: any SQLDatabase, userID: Int64, _ value: Bool) async throws {
        try await db.raw("UPDATE users SET must_change_password = \(bind: value) WHERE id = \(bind: userID)").run()
    }

    /// The account that belongs to a member, if any.
    public static func user(_ db: any SQLDatabase, memberID: Int64) async throws -> UserRecord? {
        try await db.raw("SELECT * FROM users WHERE member_id = \(bind: memberID)").first().map(user)
    }

    /// The session may do more than change the password again.
    public static func clearMustChange(_ db: any SQLDatabase, tokenHash: String) async throws {
        try await db.raw("UPDATE sessions SET must_change_password = \(bind: false) WHERE token_hash = \(bind: tokenHash)").run()
    }

    /// The account's live sessions and tokens, newest first; `current` is the hash of the one in use.
    public static func sessions(_ db: any SQLDatabase, userID: Int64, now: Int64, current: String?) async throws -> [SessionRecord] {
        try await db.raw(
            "SELECT token_hash, kind, label, address, created_at, expires_at FROM sessions WHERE user_id = \(bind: userID) AND expires_at > \(bind: now) ORDER BY created_at DESC"
        ).all().map { row in
            let hash = try row.string("token_hash")
            return SessionRecord(
                id: String(hash.prefix(16)), kind: try row.string("kind"), label: try row.optionalString("label"), address: try row.optionalString("address"),
                createdAt: try row.int64("created_at"), expiresAt: try row.int64("expires_at"), current: hash == current)
        }
    }

    /// Ends the account's session named by `id` (see `SessionRecord.id`); false when it has none such.
    public static func deleteSession(_ db: any SQLDatabase, userID: Int64, id: String) async throws -> Bool {
        guard id.count == 16, id.allSatisfy(\.isHexDigit) else { return false }
        return
            !(try await db.raw(
                "DELETE FROM sessions WHERE user_id = \(bind: userID) AND substr(token_hash, 1, 16) = \(bind: id.lowercased()) RETURNING token_hash"
            ).all()).isEmpty
    }

    public static func countSessions(_ db: any SQLDatabase, userID: Int64, now: Int64) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM sessions WHERE user_id = \(bind: userID) AND expires_at > \(bind: now)").first(
            decodingColumn: "n", as: Int.self) ?? 0
    }

    // MARK: administration

    public static func setActive(_ db: any SQLDatabase, userID: Int64, active: Bool) async throws {
        try await db.update("users").set("active", to: SQLBind(active)).where("id", .equal, SQLBind(userID)).run()
    }

    public static func revoke(_ db: any SQLDatabase, userID: Int64, role: Role, organizationID: Int64) async throws {
        try await db.delete(from: "role_grants").where("user_id", .equal, SQLBind(userID)).where("role", .equal, SQLBind(role.rawValue))
            .where("organization_id", .equal, SQLBind(organizationID)).run()
    }

    /// The account with its grants (organization names included) and live sessions.
    public static func summary(_ db: any SQLDatabase, userID: Int64, now: Int64) async throws -> AccountSummary? {
        guard let user = try await user(db, id: userID) else { return nil }
        let grants = try await db.raw(
            """
            SELECT g.role, g.organization_id, o.name, o.path FROM role_grants g JOIN organizations o ON o.id = g.organization_id
            WHERE g.user_id = \(bind: userID) ORDER BY o.depth, o.id, g.role
            """
        ).all().compactMap { row -> AccountGrant? in
            guard let role = Role(rawValue: try row.string("role")), let path = TreePath(try row.string("path")) else { return nil }
            return AccountGrant(role: role, organizationID: try row.int64("organization_id"), organizationName: try row.string("name"), organizationPath: path)
        }
        return AccountSummary(
            id: user.id, username: user.username, displayName: user.displayName, memberID: user.memberID, active: user.active, grants: grants,
            sessions: try await countSessions(db, userID: userID, now: now))
    }

    /// Accounts with a grant somewhere in the subtree at `path`, matching `text` in the username or the
    /// name when given; at most `limit`, by username.
    public static func accountIDs(_ db: any SQLDatabase, under path: TreePath, matching text: String?, limit: Int) async throws -> [Int64] {
        let b = subtreeBounds(path)
        var sql: SQLQueryString = """
            SELECT DISTINCT u.id, u.username FROM users u JOIN role_grants g ON g.user_id = u.id JOIN organizations o ON o.id = g.organization_id
            WHERE o.path >= \(bind: b.low) AND o.path < \(bind: b.high)
            """
        if let text, !text.isEmpty {
            let like = "%" + escapeLike(text) + "%"
            sql = sql + " AND (u.username LIKE \(bind: like) ESCAPE '\\' OR u.display_name LIKE \(bind: like) ESCAPE '\\')"
        }
        return try await db.raw(sql + " ORDER BY u.username LIMIT \(unsafeRaw: String(limit))").all(decodingColumn: "id", as: Int64.self)
    }

    /// The live session with this token hash: its user and CSRF token.
    public static func session(
        _ db: any SQLDatabase, tokenHash: String, kind: String, now: Int64
    ) async throws -> (
        userID: Int64, csrf: String, mustChangePassword: Bool
    )? {
        guard
            let row = try await db.raw(
                """
                SELECT user_id, csrf_token, must_change_password FROM sessions WHERE token_hash = \(bind: tokenHash) AND kind = \(bind: kind)
                AND expires_at > \(bind: now)
                """
            ).first()
        else { return nil }
        return (try row.int64("user_id"), try row.string("csrf_token"), try row.bool("must_change_password"))
    }

    public static func deleteSession(_ db: any SQLDatabase, tokenHash: String) async throws {
        try await db.delete(from: "sessions").where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    public static func deleteExpiredSessions(_ db: any SQLDatabase, now: Int64) async throws {
        try await db.delete(from: "sessions").where("expires_at", .lessThanOrEqual, SQLBind(now)).run()
    }
}
