import SQLKit
import VanguardCore

/// 报送任务 as stored.
public struct ReportCallRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var year: Int
    public var period: ReportPeriod
    public var audience: ReportAudience
    public var due: CalendarDay
    public var requirements: String
    public var issuedBy: String
    public var at: Int64

    public var title: Bilingual { period.title(year: year) }
}

/// SQL for report calls: issuing one with a report row for every organization it asks, and finding calls.
public enum ReportCallRepository {
    // Named apart from a report's own columns, so a report and its call read in one row.
    static let columns =
        "c.id AS call_id, c.organization_id AS issuer_id, s.name AS issuer_name, c.year, c.period, c.audience, c.due_on, c.requirements, c.issued_by, c.at AS issued_at"

    static func record(_ r: any SQLRow) throws -> ReportCallRecord {
        ReportCallRecord(
            id: try r.int64("call_id"), organizationID: try r.int64("issuer_id"), organizationName: try r.string("issuer_name"), year: try r.int("year"),
            period: ReportPeriod(rawValue: try r.string("period")) ?? .annual, audience: ReportAudience(rawValue: try r.string("audience")) ?? .children,
            due: CalendarDay(parsing: try r.string("due_on")) ?? CalendarDay(year: 1970, month: 1, day: 1)!, requirements: try r.string("requirements"),
            issuedBy: try r.string("issued_by"), at: try r.int64("issued_at"))
    }

    /// Two calls for one period are issued one after the other (PostgreSQL: a lock on the period for the
    /// transaction), so both cannot pass the overlap check; SQLite has one writer anyway.
    static func lockPeriod(_ db: any SQLDatabase, year: Int, period: ReportPeriod) async throws {
        guard db.engine == .postgres else { return }
        let index = ReportPeriod.allCases.firstIndex(of: period) ?? 0
        _ = try await db.raw("SELECT pg_advisory_xact_lock(\(bind: Int64(27_000_000 + year * 10 + index)))").all()
    }

    /// The calls for the period issued by the organization at `path`, an ancestor or a descendant of it
    /// (the only ones that can ask the same organizations), with their issuers' paths.
    static func related(
        _ db: any SQLDatabase, path: TreePath, year: Int, period: ReportPeriod
    ) async throws -> [(call: ReportCallRecord, issuer: TreePath)] {
        let b = subtreeBounds(path)
        let ids = SQLList(path.ids.map { SQLBind($0) })
        return try await db.raw(
            """
            SELECT \(unsafeRaw: columns), s.path FROM report_calls c JOIN organizations s ON s.id = c.organization_id
            WHERE c.year = \(bind: year) AND c.period = \(bind: period.rawValue)
            AND (c.organization_id IN (\(ids)) OR (s.path >= \(bind: b.low) AND s.path < \(bind: b.high)))
            """
        ).all().compactMap { r in
            guard let path = TreePath(try r.string("path")) else { return nil }
            return (try record(r), path)
        }
    }

    /// Issues a call and a due report for each active organization it asks; returns the call and how many.
    static func issue(
        _ db: any SQLDatabase, issuer: OrganizationRecord, year: Int, period: ReportPeriod, audience: ReportAudience, due: CalendarDay,
        requirements: String, by: String, now: Int64
    ) async throws -> (id: Int64, reports: Int) {
        let id = try await db.insert(into: "report_calls")
            .columns("organization_id", "year", "period", "audience", "due_on", "requirements", "issued_by", "at")
            .values(
                SQLBind(issuer.id), SQLBind(year), SQLBind(period.rawValue), SQLBind(audience.rawValue), SQLBind(due.description), SQLBind(requirements),
                SQLBind(by), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        let asked: SQLQueryString
        switch audience {
        case .children: asked = "o.parent_id = \(bind: issuer.id)"
        case .subtree:
            let b = subtreeBounds(issuer.path)
            asked = "o.path >= \(bind: b.low) AND o.path < \(bind: b.high) AND o.id <> \(bind: issuer.id)"
        }
        // One statement however many are asked (a province's subtree is millions of rows).
        try await db.raw(
            "INSERT INTO work_reports (call_id, organization_id, superior_id, state, done, problems, plans, updated_at) SELECT \(bind: id), o.id, o.parent_id, 'due', '', '', '', \(bind: now) FROM organizations o WHERE "
                + asked + " AND o.dissolved = \(bind: false)"
        ).run()
        let n = try await db.raw("SELECT COUNT(*) AS n FROM work_reports WHERE call_id = \(bind: id)").first(decodingColumn: "n", as: Int.self) ?? 0
        return (id, n)
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> ReportCallRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns) FROM report_calls c JOIN organizations s ON s.id = c.organization_id WHERE c.id = \(bind: id)")
            .first().map(record)
    }

    /// The calls an organization issued in a year, the latest period first.
    static func issued(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [ReportCallRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: columns) FROM report_calls c JOIN organizations s ON s.id = c.organization_id
            WHERE c.organization_id = \(bind: organizationID) AND c.year = \(bind: year) ORDER BY c.id DESC
            """
        ).all().map(record)
    }

    /// Calls whose due date lies in `first…last` (the reminder sweeps).
    static func due(_ db: any SQLDatabase, from first: CalendarDay, through last: CalendarDay) async throws -> [ReportCallRecord] {
        try await db.raw(
            """
            SELECT \(unsafeRaw: columns) FROM report_calls c JOIN organizations s ON s.id = c.organization_id
            WHERE c.due_on >= \(bind: first.description) AND c.due_on <= \(bind: last.description) ORDER BY c.id
            """
        ).all().map(record)
    }
}
