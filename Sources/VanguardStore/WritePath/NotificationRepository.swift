import SQLKit
import VanguardCore

/// 站内提醒: one reminder in an inbox.
public struct NotificationRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: String
    public var commitmentID: Int64?
    public var text: String
    public var createdAt: Int64
    public var read: Bool
}

/// A message waiting for a mail/SMS gateway.
public struct OutboxMessage: Sendable, Hashable {
    public var id: Int64
    public var channel: String
    public var address: String
    public var body: String
    public var createdAt: Int64
}

/// SQL for the inbox and the outbox.
public enum NotificationRepository {
    public enum Recipient: Sendable {
        case member(Int64)
        case organization(Int64)
    }

    /// Writes a reminder (once per `dedupeKey`) and, for a member with a phone, an SMS in the outbox.
    /// Returns false when a reminder with the same key was written before.
    @discardableResult
    public static func send(
        _ db: any SQLDatabase, to recipient: Recipient, kind: String, commitmentID: Int64?, text: String, dedupeKey: String? = nil, now: Int64
    ) async throws -> Bool {
        let (memberID, organizationID): (Int64?, Int64?) =
            switch recipient {
            case .member(let id): (id, nil)
            case .organization(let id): (nil, id)
            }
        // A key seen before inserts nothing and returns no id: the check and the write are one statement.
        guard
            let id = try await db.insert(into: "notifications")
                .columns("member_id", "organization_id", "kind", "commitment_id", "text", "dedupe_key", "created_at")
                .values(SQLBind(memberID), SQLBind(organizationID), SQLBind(kind), SQLBind(commitmentID), SQLBind(text), SQLBind(dedupeKey), SQLBind(now))
                .ignoringConflicts(with: ["dedupe_key"])
                .returning("id").first(decodingColumn: "id", as: Int64.self)
        else { return false }
        if let memberID,
            let phone = try await db.raw("SELECT phone FROM members WHERE id = \(bind: memberID)").first(decodingColumn: "phone", as: String?.self) ?? nil,
            !phone.isEmpty
        {
            try await db.insert(into: "outbox").columns("channel", "address", "body", "notification_id", "created_at")
                .values(SQLBind("sms"), SQLBind(phone), SQLBind("【先锋】" + text), SQLBind(id), SQLBind(now)).run()
        }
        return true
    }

    /// Whether a reminder with this key was written before (a due-soon reminder is told once).
    static func wasSent(_ db: any SQLDatabase, dedupeKey: String) async throws -> Bool {
        try await db.raw("SELECT id FROM notifications WHERE dedupe_key = \(bind: dedupeKey)").first() != nil
    }

    /// The inbox of a member and of the organizations whose officers the caller is, newest first.
    public static func inbox(_ db: any SQLDatabase, memberID: Int64?, organizationIDs: [Int64], limit: Int) async throws -> [NotificationRecord] {
        var clauses: [SQLQueryString] = []
        if let memberID { clauses.append("member_id = \(bind: memberID)") }
        if !organizationIDs.isEmpty { clauses.append("organization_id IN (\(SQLList(organizationIDs.map { SQLBind($0) })))") }
        guard !clauses.isEmpty else { return [] }
        let filter = clauses.dropFirst().reduce(clauses[0]) { $0 + " OR " + $1 }
        return try await db.raw("SELECT * FROM notifications WHERE " + filter + " ORDER BY id DESC LIMIT \(unsafeRaw: String(limit))").all().map { r in
            NotificationRecord(
                id: try r.int64("id"), kind: try r.string("kind"), commitmentID: try r.optionalInt64("commitment_id"), text: try r.string("text"),
                createdAt: try r.int64("created_at"), read: try r.optionalInt64("read_at") != nil)
        }
    }

    /// How many of that inbox are unread (the workbench's 提醒 count).
    static func unread(_ db: any SQLDatabase, memberID: Int64?, organizationIDs: [Int64]) async throws -> Int {
        var clauses: [SQLQueryString] = []
        if let memberID { clauses.append("member_id = \(bind: memberID)") }
        if !organizationIDs.isEmpty { clauses.append("organization_id IN (\(SQLList(organizationIDs.map { SQLBind($0) })))") }
        guard !clauses.isEmpty else { return 0 }
        let filter = clauses.dropFirst().reduce(clauses[0]) { $0 + " OR " + $1 }
        return try await db.raw("SELECT COUNT(*) AS n FROM notifications WHERE read_at IS NULL AND (" + filter + ")").first(decodingColumn: "n", as: Int.self)
            ?? 0
    }

    public static func markRead(_ db: any SQLDatabase, memberID: Int64?, organizationIDs: [Int64], now: Int64) async throws {
        let orgs = organizationIDs.isEmpty ? SQLQueryString("FALSE") : "organization_id IN (\(SQLList(organizationIDs.map { SQLBind($0) })))"
        let member: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "FALSE"
        try await db.raw("UPDATE notifications SET read_at = \(bind: now) WHERE read_at IS NULL AND (" + member + " OR " + orgs + ")").run()
    }

    /// Unsent messages, oldest first: what a gateway would send next.
    public static func pendingOutbox(_ db: any SQLDatabase, limit: Int) async throws -> [OutboxMessage] {
        try await db.raw("SELECT * FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT \(unsafeRaw: String(limit))").all().map { r in
            OutboxMessage(
                id: try r.int64("id"), channel: try r.string("channel"), address: try r.string("address"), body: try r.string("body"),
                createdAt: try r.int64("created_at"))
        }
    }
}
