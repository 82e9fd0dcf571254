import SQLKit
import VanguardCore

/// 跟踪检查 / 整改要求 / 回头看 as recorded.
public struct SupervisionRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var kind: SupervisionKind
    public var heldOn: CalendarDay
    public var findings: String
    public var urged: String?
    public var commitmentID: Int64?
    public var deadline: CalendarDay?
    public var resolvedOn: CalendarDay?
    public var response: String?
    public var recordedBy: String
}

/// SQL for the reviewer's supervision records.
public enum SupervisionRepository {
    public static func insert(
        _ db: any SQLDatabase, organizationID: Int64, kind: SupervisionKind, heldOn: CalendarDay, findings: String, urged: String?,
        commitmentID: Int64?, deadline: CalendarDay?, recordedBy: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "supervision_records")
            .columns("organization_id", "kind", "held_on", "findings", "urged", "commitment_id", "deadline", "recorded_by", "at")
            .values(
                SQLBind(organizationID), SQLBind(kind.rawValue), SQLBind(heldOn.description), SQLBind(findings), SQLBind(urged), SQLBind(commitmentID),
                SQLBind(deadline?.description), SQLBind(recordedBy), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Records the author's answer to a rectification demand; false if it was answered already.
    public static func resolve(_ db: any SQLDatabase, id: Int64, response: String, on day: CalendarDay) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE supervision_records SET resolved_on = \(bind: day.description), response = \(bind: response)
            WHERE id = \(bind: id) AND resolved_on IS NULL RETURNING id
            """
        ).all()).isEmpty
    }

    /// Records about the subtree under `path`, newest first.
    public static func under(_ db: any SQLDatabase, path: TreePath, limit: Int) async throws -> [SupervisionRecord] {
        let b = subtreeBounds(path)
        return try await query(db, "o.path >= \(bind: b.low) AND o.path < \(bind: b.high)", limit: limit)
    }

    public static func ofCommitment(_ db: any SQLDatabase, commitmentID: Int64) async throws -> [SupervisionRecord] {
        try await query(db, "s.commitment_id = \(bind: commitmentID)", limit: 100)
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> SupervisionRecord? {
        try await query(db, "s.id = \(bind: id)", limit: 1).first
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, limit: Int) async throws -> [SupervisionRecord] {
        try await db.raw(
            "SELECT s.*, o.name AS organization_name FROM supervision_records s JOIN organizations o ON o.id = s.organization_id WHERE " + clause
                + " ORDER BY s.held_on DESC, s.id DESC LIMIT \(unsafeRaw: String(limit))"
        ).all().map { r in
            SupervisionRecord(
                id: try r.int64("id"), organizationID: try r.int64("organization_id"), organizationName: try r.string("organization_name"),
                kind: SupervisionKind(rawValue: try r.string("kind")) ?? .check, heldOn: try r.day("held_on"), findings: try r.string("findings"),
                urged: try r.optionalString("urged"), commitmentID: try r.optionalInt64("commitment_id"),
                deadline: try r.optionalString("deadline").flatMap(CalendarDay.init(parsing:)),
                resolvedOn: try r.optionalString("resolved_on").flatMap(CalendarDay.init(parsing:)), response: try r.optionalString("response"),
                recordedBy: try r.string("recorded_by"))
        }
    }
}
