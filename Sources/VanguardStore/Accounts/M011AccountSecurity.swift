import SQLKit

/// 等保 level 3 for accounts and audit (issue 11): the audit log becomes a hash chain (`seq`,
/// `prev_hash`, `hash`, with its head in `audit_head`, whose row lock orders concurrent appends), and
/// failed logins are counted in the database per account, per account and address, and per address,
/// so a restart forgets nothing and the web and the API count together. Rows written before this
/// migration are chained when the store opens (`AuditChain.chainExisting`). Passwords keep a history.
struct M011AccountSecurity: Migration {
    let version = 11
    let name = "account security"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.alter(table: "audit_log").column("seq", type: .bigint).run()
        try await db.alter(table: "audit_log").column("prev_hash", type: .text).run()
        try await db.alter(table: "audit_log").column("hash", type: .text).run()
        try await db.create(index: "audit_log_seq").on("audit_log").column("seq").unique().run()
        try await db.create(table: "audit_head")
            .column("id", type: .int, .primaryKey(autoIncrement: false))
            .column("seq", type: .bigint, .notNull)
            .column("last_hash", type: .text, .notNull)
            .run()
        try await db.insert(into: "audit_head").columns("id", "seq", "last_hash").values(SQLBind(1), SQLBind(0), SQLBind("")).run()
        try await db.create(table: "login_failures")
            .column("key", type: .text, .primaryKey(autoIncrement: false))
            .column("failures", type: .int, .notNull)
            .column("last_at", type: .bigint, .notNull)
            .run()
        // A password may not be one of the account's last five; its age drives the optional expiry.
        try await db.create(table: "password_history")
            .column("user_id", type: .bigint, .notNull, .references("users", "id"))
            .column("password_hash", type: .text, .notNull)
            .column("changed_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "password_history_user").on("password_history").column("user_id").column("changed_at").run()
    }
}
