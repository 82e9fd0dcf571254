import SQLKit
import VanguardCore

/// SQL for failed logins: one row per throttled key (`pair:`, `account:`, `address:`), counted across
/// restarts and shared by the web and the API.
enum LoginFailureRepository {
    static func load(_ db: any SQLDatabase, keys: [String]) async throws -> [String: (failures: Int, lastAt: Int64)] {
        var out: [String: (failures: Int, lastAt: Int64)] = [:]
        for row in try await db.raw("SELECT key, failures, last_at FROM login_failures WHERE key IN (\(SQLList(keys.map { SQLBind($0) })))").all() {
            out[try row.string("key")] = (try row.int("failures"), try row.int64("last_at"))
        }
        return out
    }

    /// One more failure for each key; a count a day old starts again from one.
    static func record(_ db: any SQLDatabase, keys: [String], now: Int64) async throws {
        let stale = now - LoginDelayPolicy.forgetAfterMillis
        for key in keys.sorted() {
            try await db.raw(
                """
                INSERT INTO login_failures (key, failures, last_at) VALUES (\(bind: key), 1, \(bind: now))
                ON CONFLICT (key) DO UPDATE SET
                  failures = CASE WHEN login_failures.last_at < \(bind: stale) THEN 1 ELSE login_failures.failures + 1 END,
                  last_at = \(bind: now)
                """
            ).run()
        }
    }

    static func clear(_ db: any SQLDatabase, keys: [String]) async throws {
        try await db.raw("DELETE FROM login_failures WHERE key IN (\(SQLList(keys.map { SQLBind($0) })))").run()
    }

    static func clear(_ db: any SQLDatabase, account: String) async throws {
        try await db.raw(
            "DELETE FROM login_failures WHERE key = \(bind: "account:" + account) OR key LIKE \(bind: "pair:" + Self.escapeLike(account) + "|%") ESCAPE '\\'"
        )
        .run()
    }

    static func escapeLike(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }
}
