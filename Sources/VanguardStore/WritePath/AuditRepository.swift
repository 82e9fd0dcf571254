import SQLKit

/// One line of the append-only audit log: who did what to which record, and a short before/after.
public struct AuditEntry: Sendable, Hashable {
    public var at: Int64
    public var actor: String
    public var action: String
    public var targetType: String
    public var targetID: Int64?
    public var summary: String

    public init(at: Int64, actor: String, action: String, targetType: String, targetID: Int64?, summary: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.summary = summary
    }
}

/// A record as the audit page shows it: its place in the chain and what it says.
public struct AuditRecord: Sendable, Hashable {
    public var seq: Int64
    public var entry: AuditEntry
}

/// 审计查询: who, which kind of action (a prefix: "user." for every account change), what, and when
/// (milliseconds, `until` exclusive).
public struct AuditFilter: Sendable, Hashable {
    public var actor: String?
    public var actionPrefix: String?
    public var targetType: String?
    public var fromMillis: Int64?
    public var untilMillis: Int64?

    public init(actor: String? = nil, actionPrefix: String? = nil, targetType: String? = nil, fromMillis: Int64? = nil, untilMillis: Int64? = nil) {
        self.actor = actor
        self.actionPrefix = actionPrefix
        self.targetType = targetType
        self.fromMillis = fromMillis
        self.untilMillis = untilMillis
    }
}

/// SQL for the audit log. Only appends; nothing updates or deletes it (there is no code path that
/// does), and each record is chained to the one before (`AuditChain`). Records are kept at least 180
/// days; nothing in the product removes them (docs/security.md).
public enum AuditRepository {
    public static func append(_ db: any SQLDatabase, _ e: AuditEntry) async throws {
        let head = try await advance(db)
        let hash = AuditChain.hash(seq: head.seq, prev: head.prev, e)
        try await db.insert(into: "audit_log").columns("at", "actor", "action", "target_type", "target_id", "summary", "seq", "prev_hash", "hash")
            .values(
                SQLBind(e.at), SQLBind(e.actor), SQLBind(e.action), SQLBind(e.targetType), SQLBind(e.targetID), SQLBind(e.summary), SQLBind(head.seq),
                SQLBind(head.prev), SQLBind(hash)
            ).run()
        try await db.raw("UPDATE audit_head SET last_hash = \(bind: hash) WHERE id = 1").run()
    }

    /// Takes the next place in the chain. The UPDATE locks the head row until the transaction ends, so
    /// concurrent appends on PostgreSQL chain one after another instead of forking.
    static func advance(_ db: any SQLDatabase) async throws -> (seq: Int64, prev: String) {
        guard let row = try await db.raw("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash").first() else {
            throw StoreError.migrationFailed(11, "audit_head is missing")
        }
        return (try row.int64("seq"), try row.string("last_hash"))
    }

    static func entry(_ row: any SQLRow) throws -> AuditEntry {
        AuditEntry(
            at: try row.int64("at"), actor: try row.string("actor"), action: try row.string("action"),
            targetType: try row.string("target_type"), targetID: try row.optionalInt64("target_id"), summary: try row.string("summary"))
    }

    public static func entries(_ db: any SQLDatabase, targetType: String, targetID: Int64) async throws -> [AuditEntry] {
        try await db.raw(
            """
            SELECT * FROM audit_log WHERE target_type = \(bind: targetType) AND target_id = \(bind: targetID) ORDER BY id
            """
        ).all().map(entry)
    }

    /// Records matching `filter`, newest first, below `beforeSeq` when given (the next page), at most `limit`.
    public static func search(_ db: any SQLDatabase, _ filter: AuditFilter, beforeSeq: Int64?, limit: Int) async throws -> [AuditRecord] {
        var clause: SQLQueryString = "seq IS NOT NULL"
        if let a = filter.actor { clause = clause + " AND actor = \(bind: a)" }
        if let a = filter.actionPrefix { clause = clause + " AND action LIKE \(bind: escapeLike(a) + "%") ESCAPE '\\'" }
        if let t = filter.targetType { clause = clause + " AND target_type = \(bind: t)" }
        if let f = filter.fromMillis { clause = clause + " AND at >= \(bind: f)" }
        if let t = filter.untilMillis { clause = clause + " AND at < \(bind: t)" }
        if let b = beforeSeq { clause = clause + " AND seq < \(bind: b)" }
        return try await db.raw("SELECT * FROM audit_log WHERE " + clause + " ORDER BY seq DESC LIMIT \(unsafeRaw: String(limit))").all().map {
            AuditRecord(seq: try $0.int64("seq"), entry: try entry($0))
        }
    }

    public static func count(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM audit_log").first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
