import SQLKit
import VanguardCore

/// 资金来源 with its figures: received, paid, reclaimed (booked entries), awaiting approval, and the balance.
public struct FundSourceRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var year: Int
    public var kind: FundSourceKind
    public var name: String
    public var received: Int
    public var paid: Int
    public var reclaimed: Int
    public var pending: Int

    /// 余额: what may still be paid.
    public var balance: Int { received - paid + reclaimed }
}

/// 台账的一笔 as recorded, with the award's nominee when it is one.
public struct FundEntryRecord: Sendable, Hashable {
    public var id: Int64
    public var sourceID: Int64
    public var sourceName: String
    public var kind: FundEntryKind
    public var amount: Int
    public var nominationID: Int64?
    public var nomineeName: String?
    public var titleName: String?
    public var awardKind: AwardKind?
    public var note: String
    public var day: CalendarDay
    public var state: FundEntryState
    public var proposedBy: String
    public var decidedBy: String?
}

/// SQL for the award fund.
public enum FundRepository {
    /// nil when the committee has a source of that name for the year already.
    static func insertSource(
        _ db: any SQLDatabase, organizationID: Int64, year: Int, kind: FundSourceKind, name: String, by actor: String, now: Int64
    ) async throws -> Int64? {
        try await db.insert(into: "fund_sources").columns("organization_id", "year", "kind", "name", "created_by", "at")
            .values(SQLBind(organizationID), SQLBind(year), SQLBind(kind.rawValue), SQLBind(name), SQLBind(actor), SQLBind(now))
            .ignoringConflicts()
            .returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    /// Payments from a source take turns on its row: two approvals at once cannot both spend the last yuan.
    /// `NO KEY UPDATE`: an entry's foreign-key check on the source (a reclaim) does not wait on it.
    static func lock(_ db: any SQLDatabase, source: Int64) async throws {
        guard db.engine == .postgres else { return }
        _ = try await db.raw("SELECT id FROM fund_sources WHERE id = \(bind: source) FOR NO KEY UPDATE").all()
    }

    static func insertEntry(
        _ db: any SQLDatabase, source: Int64, kind: FundEntryKind, amount: Int, nomination: Int64?, award: AwardKind?, note: String, day: CalendarDay,
        state: FundEntryState, by actor: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "fund_entries")
            .columns("source_id", "kind", "amount", "nomination_id", "award_kind", "note", "day", "state", "proposed_by", "decided_by", "at")
            .values(
                SQLBind(source), SQLBind(kind.rawValue), SQLBind(amount), SQLBind(nomination), SQLBind(award?.rawValue), SQLBind(note),
                SQLBind(day.description),
                SQLBind(state.rawValue), SQLBind(actor), SQLBind(state == .approved ? actor : nil), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
    }

    /// 审批: false when it was decided already.
    static func decide(_ db: any SQLDatabase, id: Int64, approve: Bool, by actor: String) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE fund_entries SET state = \(bind: (approve ? FundEntryState.approved : .rejected).rawValue), decided_by = \(bind: actor)
            WHERE id = \(bind: id) AND state = 'pending' RETURNING id
            """
        ).all()).isEmpty
    }

    static func sources(_ db: any SQLDatabase, where clause: SQLQueryString) async throws -> [FundSourceRecord] {
        try await db.raw(
            """
            SELECT s.id, s.organization_id, o.name AS organization_name, s.year, s.kind, s.name,
              CAST(COALESCE(SUM(CASE WHEN e.state = 'approved' AND e.kind = 'income' THEN e.amount END), 0) AS BIGINT) AS received,
              CAST(COALESCE(SUM(CASE WHEN e.state = 'approved' AND e.kind = 'payment' THEN e.amount END), 0) AS BIGINT) AS paid,
              CAST(COALESCE(SUM(CASE WHEN e.state = 'approved' AND e.kind = 'reclaim' THEN e.amount END), 0) AS BIGINT) AS reclaimed,
              CAST(COALESCE(SUM(CASE WHEN e.state = 'pending' THEN e.amount END), 0) AS BIGINT) AS pending
            FROM fund_sources s JOIN organizations o ON o.id = s.organization_id LEFT JOIN fund_entries e ON e.source_id = s.id WHERE
            """ + " " + clause + " GROUP BY s.id, s.organization_id, o.name, s.year, s.kind, s.name ORDER BY s.id"
        ).all().map {
            FundSourceRecord(
                id: try $0.int64("id"), organizationID: try $0.int64("organization_id"), organizationName: try $0.string("organization_name"),
                year: try $0.int("year"), kind: FundSourceKind(rawValue: try $0.string("kind")) ?? .other, name: try $0.string("name"),
                received: try $0.int("received"), paid: try $0.int("paid"), reclaimed: try $0.int("reclaimed"), pending: try $0.int("pending"))
        }
    }

    static func source(_ db: any SQLDatabase, id: Int64) async throws -> FundSourceRecord? {
        try await sources(db, where: "s.id = \(bind: id)").first
    }

    static func sources(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [FundSourceRecord] {
        try await sources(db, where: "s.organization_id = \(bind: organizationID) AND s.year = \(bind: year)")
    }

    static func entries(_ db: any SQLDatabase, where clause: SQLQueryString, limit: Int = 5000) async throws -> [FundEntryRecord] {
        try await db.raw(
            """
            SELECT e.*, s.name AS source_name, COALESCE(m.name, o.name) AS nominee_name, t.name AS title_name FROM fund_entries e
            JOIN fund_sources s ON s.id = e.source_id LEFT JOIN nominations n ON n.id = e.nomination_id LEFT JOIN members m ON m.id = n.member_id
            LEFT JOIN organizations o ON o.id = n.organization_id LEFT JOIN commendation_titles t ON t.code = n.title WHERE
            """ + " " + clause + " ORDER BY e.id LIMIT \(unsafeRaw: String(max(1, limit)))"
        ).all().map {
            FundEntryRecord(
                id: try $0.int64("id"), sourceID: try $0.int64("source_id"), sourceName: try $0.string("source_name"),
                kind: FundEntryKind(rawValue: try $0.string("kind")) ?? .payment, amount: try $0.int("amount"),
                nominationID: try $0.decode(column: "nomination_id", as: Int64?.self), nomineeName: try $0.optionalString("nominee_name"),
                titleName: try $0.optionalString("title_name"), awardKind: try $0.optionalString("award_kind").flatMap(AwardKind.init(rawValue:)),
                note: try $0.string("note"), day: try $0.day("day"), state: FundEntryState(rawValue: try $0.string("state")) ?? .pending,
                proposedBy: try $0.string("proposed_by"), decidedBy: try $0.optionalString("decided_by"))
        }
    }

    static func entry(_ db: any SQLDatabase, id: Int64) async throws -> FundEntryRecord? {
        try await entries(db, where: "e.id = \(bind: id)", limit: 1).first
    }

    /// The fund's entries of a year, oldest first; the latest `limit` when there are more (the page's list;
    /// the export asks for all).
    static func entries(_ db: any SQLDatabase, organizationID: Int64, year: Int, limit: Int) async throws -> [FundEntryRecord] {
        let clause: SQLQueryString = "s.organization_id = \(bind: organizationID) AND s.year = \(bind: year)"
        let count =
            try await db.raw("SELECT COUNT(*) AS n FROM fund_entries e JOIN fund_sources s ON s.id = e.source_id WHERE " + clause)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        guard count > limit else { return try await entries(db, where: clause, limit: limit) }
        let first =
            try await db.raw(
                "SELECT e.id FROM fund_entries e JOIN fund_sources s ON s.id = e.source_id WHERE " + clause
                    + " ORDER BY e.id DESC LIMIT 1 OFFSET \(unsafeRaw: String(limit - 1))"
            ).first(decodingColumn: "id", as: Int64.self) ?? 0
        return try await entries(db, where: clause + " AND e.id >= \(bind: first)", limit: limit)
    }

    /// 不予支付: a revoked title's awards still awaiting approval.
    static func rejectPending(_ db: any SQLDatabase, nomination: Int64, by actor: String) async throws {
        try await db.raw(
            "UPDATE fund_entries SET state = 'rejected', decided_by = \(bind: actor) WHERE nomination_id = \(bind: nomination) AND state = 'pending'"
        ).run()
    }

    /// The booked payments of a nomination (to reclaim when its title is revoked).
    static func payments(_ db: any SQLDatabase, nomination: Int64) async throws -> [FundEntryRecord] {
        try await entries(db, where: "e.nomination_id = \(bind: nomination) AND e.kind = 'payment' AND e.state = 'approved'")
    }
}
