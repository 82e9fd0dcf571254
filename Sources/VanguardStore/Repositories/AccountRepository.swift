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
        _ db: any SQLDatabase, tokenHash: String, userID: Int64, kind: String, csrf: String, now: Int64, expiresAt: Int64
    ) async throws {
        try await db.insert(into: "sessions").columns("token_hash", "user_id", "kind", "csrf_token", "created_at", "expires_at")
            .values(SQLBind(tokenHash), SQLBind(userID), SQLBind(kind), SQLBind(csrf), SQLBind(now), SQLBind(expiresAt)).run()
    }

    /// The live session with this token hash: its user and CSRF token.
    public static func session(_ db: any SQLDatabase, tokenHash: String, kind: String, now: Int64) async throws -> (userID: Int64, csrf: String)? {
        guard
            let row = try await db.raw(
                """
                SELECT user_id, csrf_token FROM sessions WHERE token_hash = \(bind: tokenHash) AND kind = \(bind: kind)
                AND expires_at > \(bind: now)
                """
            ).first()
        else { return nil }
        return (try row.int64("user_id"), try row.string("csrf_token"))
    }

    public static func deleteSession(_ db: any SQLDatabase, tokenHash: String) async throws {
        try await db.delete(from: "sessions").where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    public static func deleteExpiredSessions(_ db: any SQLDatabase, now: Int64) async throws {
        try await db.delete(from: "sessions").where("expires_at", .lessThanOrEqual, SQLBind(now)).run()
    }
}
