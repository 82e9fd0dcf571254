import SQLKit
import VanguardCore

/// 示范点 as recorded: the organization, the leader whose contact point it is, the criteria met, the
/// satisfaction when proposed, and the decision.
public struct DemonstrationRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var memberID: Int64?
    public var leaderName: String?
    public var criteria: [String]
    public var note: String
    public var satisfaction: Double?
    public var state: DemonstrationState
    public var proposedBy: String
    public var proposedOn: CalendarDay
    public var decidedBy: String?
    public var decidedOn: CalendarDay?
    public var decisionNote: String?
}

/// SQL for demonstration points and their criteria.
public enum DemonstrationRepository {
    static func criteria(_ db: any SQLDatabase) async throws -> [DemonstrationCriterion] {
        try await db.raw("SELECT code, title FROM demonstration_criteria ORDER BY position").all().map {
            DemonstrationCriterion(code: try $0.string("code"), title: try $0.string("title"))
        }
    }

    /// nil when the organization has a live proposal or title already (the partial unique index).
    static func insert(
        _ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, criteria: [String], note: String, satisfaction: Double?, on day: CalendarDay,
        by actor: String, now: Int64
    ) async throws -> Int64? {
        try await db.insert(into: "demonstration_points")
            .columns("organization_id", "member_id", "criteria", "note", "satisfaction", "state", "proposed_by", "proposed_on", "at")
            .values(
                SQLBind(organizationID), SQLBind(memberID), SQLBind(criteria.joined(separator: ",")), SQLBind(note), SQLBind(satisfaction),
                SQLBind(DemonstrationState.proposed.rawValue), SQLBind(actor), SQLBind(day.description), SQLBind(now)
            )
            .ignoringConflicts()
            .returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    /// 审批: false when it was decided already (by someone at the same moment).
    static func decide(_ db: any SQLDatabase, id: Int64, approve: Bool, note: String, on day: CalendarDay, by actor: String) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE demonstration_points SET state = \(bind: (approve ? DemonstrationState.approved : .rejected).rawValue), decided_by = \(bind: actor),
            decided_on = \(bind: day.description), decision_note = \(bind: note) WHERE id = \(bind: id) AND state = 'proposed' RETURNING id
            """
        ).all()).isEmpty
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> DemonstrationRecord? {
        try await query(db, "d.id = \(bind: id)", limit: 1).first
    }

    /// The organization's proposals and titles, newest first.
    static func of(_ db: any SQLDatabase, organizationID: Int64) async throws -> [DemonstrationRecord] {
        try await query(db, "d.organization_id = \(bind: organizationID)", limit: 20)
    }

    /// Those of the subtree under `path` (or, `state` given, in that state), newest first, and their total.
    static func under(_ db: any SQLDatabase, path: TreePath, state: DemonstrationState?, limit: Int) async throws -> (rows: [DemonstrationRecord], total: Int) {
        let b = subtreeBounds(path)
        var clause: SQLQueryString = "o.path >= \(bind: b.low) AND o.path < \(bind: b.high)"
        if let state { clause = clause + " AND d.state = \(bind: state.rawValue)" }
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM demonstration_points d JOIN organizations o ON o.id = d.organization_id WHERE " + clause)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        return (try await query(db, clause, limit: limit), total)
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, limit: Int) async throws -> [DemonstrationRecord] {
        try await db.raw(
            """
            SELECT d.*, o.name AS organization_name, m.name AS leader_name FROM demonstration_points d JOIN organizations o ON o.id = d.organization_id
            LEFT JOIN members m ON m.id = d.member_id WHERE
            """ + " " + clause + " ORDER BY d.id DESC LIMIT \(unsafeRaw: String(max(1, limit)))"
        ).all().map {
            DemonstrationRecord(
                id: try $0.int64("id"), organizationID: try $0.int64("organization_id"), organizationName: try $0.string("organization_name"),
                memberID: try $0.decode(column: "member_id", as: Int64?.self), leaderName: try $0.decode(column: "leader_name", as: String?.self),
                criteria: try $0.string("criteria").split(separator: ",").map(String.init), note: try $0.string("note"),
                satisfaction: try $0.decode(column: "satisfaction", as: Double?.self),
                state: DemonstrationState(rawValue: try $0.string("state")) ?? .proposed, proposedBy: try $0.string("proposed_by"),
                proposedOn: try $0.day("proposed_on"), decidedBy: try $0.decode(column: "decided_by", as: String?.self),
                decidedOn: try $0.decode(column: "decided_on", as: String?.self).flatMap(CalendarDay.init(parsing:)),
                decisionNote: try $0.decode(column: "decision_note", as: String?.self))
        }
    }

    /// What speaks for the organization this year (see `DemonstrationEvidence`).
    static func evidence(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> DemonstrationEvidence {
        let c = try await db.raw(
            """
            SELECT COUNT(*) AS n, CAST(SUM(CASE WHEN state IN ('fulfilled', 'evaluated') THEN 1 ELSE 0 END) AS BIGINT) AS done FROM commitments
            WHERE organization_id = \(bind: organizationID) AND year = \(bind: year) AND state IN ('published', 'in_progress', 'overdue', 'fulfilled', 'evaluated')
            """
        ).first()
        let visits =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM contact_visits WHERE organization_id = \(bind: organizationID) AND substr(visited_on, 1, 4) = \(bind: String(year))"
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        let open =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM rectification_items WHERE organization_id = \(bind: organizationID) AND member_id IS NULL AND state <> 'checked_off'"
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        return DemonstrationEvidence(
            satisfaction: try await BackwardRepository.latestSatisfaction(db, organizationID: organizationID, memberID: nil),
            commitments: try c?.decode(column: "n", as: Int?.self) ?? 0, fulfilled: try c?.decode(column: "done", as: Int?.self) ?? 0, visitsThisYear: visits,
            openItems: open)
    }
}
