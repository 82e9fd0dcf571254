import SQLKit
import VanguardCore

/// 后进认定 as recorded: the unit (an organization, or a member of it), who designated it and why.
public struct BackwardDesignationRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: BackwardKind
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var memberID: Int64?
    public var memberName: String?
    public var designatedByID: Int64
    public var designatedByName: String
    public var designatedByPath: TreePath
    public var year: Int
    public var reasons: [String]
    public var note: String
    public var threshold: Double?
    public var state: BackwardState
    public var designatedOn: CalendarDay
    public var liftedOn: CalendarDay?
    public var acceptance: String?
    public var createdBy: String

    /// The unit's name: the member with her organization, or the organization.
    public var unitName: String { memberName.map { "\($0)（\(organizationName)）" } ?? organizationName }
}

/// SQL for backward designations and their reasons.
public enum BackwardRepository {
    public static func reasons(_ db: any SQLDatabase) async throws -> [BackwardReason] {
        try await db.raw("SELECT code, kind, name FROM backward_reasons ORDER BY position, code").all().compactMap {
            guard let kind = BackwardKind(rawValue: try $0.string("kind")) else { return nil }
            return BackwardReason(code: try $0.string("code"), kind: kind, name: try $0.string("name"))
        }
    }

    public struct NewDesignation: Sendable {
        var kind: BackwardKind
        var organizationID: Int64
        var memberID: Int64?
        var designatedBy: Int64
        var year: Int
        var reasons: [String]
        var note: String
        var threshold: Double?
    }

    /// Inserts a designation; nil when the unit is designated already (the unique index decides).
    static func insert(_ db: any SQLDatabase, _ d: NewDesignation, on day: CalendarDay, by actor: String, now: Int64) async throws -> Int64? {
        try await db.insert(into: "backward_designations")
            .columns(
                "kind", "organization_id", "member_id", "designated_by", "year", "reasons", "note", "threshold", "state", "designated_on", "created_by", "at"
            )
            .values(
                SQLBind(d.kind.rawValue), SQLBind(d.organizationID), SQLBind(d.memberID), SQLBind(d.designatedBy), SQLBind(d.year),
                SQLBind(d.reasons.joined(separator: ",")), SQLBind(d.note), SQLBind(d.threshold), SQLBind(BackwardState.designated.rawValue),
                SQLBind(day.description), SQLBind(actor), SQLBind(now)
            )
            .ignoringConflicts()
            .returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    /// Whether the organization, or the member, is designated backward now.
    static func isDesignated(_ db: any SQLDatabase, organizationID: Int64? = nil, memberID: Int64? = nil) async throws -> Bool {
        let designated = BackwardState.designated.rawValue
        if let memberID {
            return try await db.raw(
                "SELECT id FROM backward_designations WHERE kind = 'member' AND member_id = \(bind: memberID) AND state = \(bind: designated)"
            ).first() != nil
        }
        guard let organizationID else { return false }
        return try await db.raw(
            "SELECT id FROM backward_designations WHERE kind = 'organization' AND organization_id = \(bind: organizationID) AND state = \(bind: designated)"
        ).first() != nil
    }

    /// Locks a designation for the transaction (PostgreSQL: FOR UPDATE): pairing, items, lifting and ending
    /// take turns, so the first pairing is made once, the helpers stay within the limit, no item joins a
    /// unit being lifted, and the write path's two readings see only their own change.
    static func lock(_ db: any SQLDatabase, id: Int64) async throws {
        guard db.engine == .postgres else { return }
        _ = try await db.raw("SELECT id FROM backward_designations WHERE id = \(bind: id) FOR UPDATE").all()
    }

    /// 验收: lifts a designated unit; false when it is not designated (any more).
    static func lift(_ db: any SQLDatabase, id: Int64, acceptance: String, on day: CalendarDay) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE backward_designations SET state = \(bind: BackwardState.lifted.rawValue), lifted_on = \(bind: day.description),
            acceptance = \(bind: acceptance) WHERE id = \(bind: id) AND state = \(bind: BackwardState.designated.rawValue) RETURNING id
            """
        ).all()).isEmpty
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> BackwardDesignationRecord? {
        try await query(db, "d.id = \(bind: id)", limit: 1).first
    }

    /// Designations whose unit lies in the subtree under `path` or which an organization there made, newest first.
    static func under(_ db: any SQLDatabase, path: TreePath, kind: BackwardKind?, state: BackwardState?, limit: Int) async throws -> [BackwardDesignationRecord]
    {
        let b = subtreeBounds(path)
        var clause: SQLQueryString =
            "((o.path >= \(bind: b.low) AND o.path < \(bind: b.high)) OR (g.path >= \(bind: b.low) AND g.path < \(bind: b.high)))"
        if let kind { clause = clause + " AND d.kind = \(bind: kind.rawValue)" }
        if let state { clause = clause + " AND d.state = \(bind: state.rawValue)" }
        return try await query(db, clause, limit: limit)
    }

    /// Designations in which an organization under `path` or the member helps.
    static func helpedBy(_ db: any SQLDatabase, paths: [TreePath], memberID: Int64?, limit: Int) async throws -> [BackwardDesignationRecord] {
        var clause: SQLQueryString = "1 = 0"
        for p in paths {
            let b = subtreeBounds(p)
            clause = clause + " OR (ho.path >= \(bind: b.low) AND ho.path < \(bind: b.high))"
        }
        if let memberID { clause = clause + " OR h.member_id = \(bind: memberID)" }
        return try await query(
            db,
            "d.id IN (SELECT p.designation_id FROM pairings p JOIN pairing_helpers h ON h.pairing_id = p.id LEFT JOIN organizations ho ON ho.id = h.organization_id WHERE "
                + clause + ")", limit: limit)
    }

    /// The member's own designations.
    static func of(_ db: any SQLDatabase, memberID: Int64) async throws -> [BackwardDesignationRecord] {
        try await query(db, "d.member_id = \(bind: memberID)", limit: 20)
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, limit: Int) async throws -> [BackwardDesignationRecord] {
        try await db.raw(
            """
            SELECT d.*, o.name AS organization_name, o.path AS organization_path, m.name AS member_name, g.name AS by_name, g.path AS by_path
            FROM backward_designations d JOIN organizations o ON o.id = d.organization_id JOIN organizations g ON g.id = d.designated_by
            LEFT JOIN members m ON m.id = d.member_id WHERE
            """ + " " + clause + " ORDER BY d.id DESC LIMIT \(unsafeRaw: String(limit))"
        ).all().map { r in
            BackwardDesignationRecord(
                id: try r.int64("id"), kind: BackwardKind(rawValue: try r.string("kind")) ?? .organization, organizationID: try r.int64("organization_id"),
                organizationName: try r.string("organization_name"), organizationPath: TreePath(try r.string("organization_path")) ?? TreePath(ids: [0]),
                memberID: try r.optionalInt64("member_id"), memberName: try r.optionalString("member_name"), designatedByID: try r.int64("designated_by"),
                designatedByName: try r.string("by_name"), designatedByPath: TreePath(try r.string("by_path")) ?? TreePath(ids: [0]),
                year: try r.int("year"), reasons: try r.string("reasons").split(separator: ",").map(String.init), note: try r.string("note"),
                threshold: try r.decode(column: "threshold", as: Double?.self), state: BackwardState(rawValue: try r.string("state")) ?? .designated,
                designatedOn: try r.day("designated_on"), liftedOn: try r.optionalString("lifted_on").flatMap(CalendarDay.init(parsing:)),
                acceptance: try r.optionalString("acceptance"), createdBy: try r.string("created_by"))
        }
    }

    /// The unit's latest mass-evaluation satisfaction (a closed round's result), if any.
    static func latestSatisfaction(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?) async throws -> Double? {
        let member: SQLQueryString = memberID.map { "t.member_id = \(bind: $0)" } ?? "t.member_id IS NULL"
        return try await db.raw(
            "SELECT res.rate FROM evaluation_results res JOIN evaluation_targets t ON t.id = res.target_id WHERE t.organization_id = \(bind: organizationID) AND "
                + member + " AND res.rate IS NOT NULL ORDER BY t.round_id DESC LIMIT 1"
        ).first(decodingColumn: "rate", as: Double?.self) ?? nil
    }
}
