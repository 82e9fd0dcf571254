import SQLKit
import VanguardCore

/// What the ledger shows: commitments made in a subtree, narrowed by the filters that are set.
public struct LedgerFilter: Sendable, Hashable {
    public var year: Int
    public var state: CommitmentState?
    public var kind: CommitmentKind?
    /// "member" or "organization".
    public var subject: String?
    /// Only commitments with an unfulfilled item past its deadline.
    public var overdueOnly = false
    /// 待审核: only submitted commitments reviewed inside the subtree (not the top organization's own,
    /// which its superior reviews) — what the workbench counts.
    public var awaitingReviewOnly = false

    public init(
        year: Int, state: CommitmentState? = nil, kind: CommitmentKind? = nil, subject: String? = nil, overdueOnly: Bool = false,
        awaitingReviewOnly: Bool = false
    ) {
        self.awaitingReviewOnly = awaitingReviewOnly
        self.year = year
        self.state = state
        self.kind = kind
        self.subject = subject
        self.overdueOnly = overdueOnly
    }
}

/// 全覆盖: for one organization (its subtree), how many members there are, how many were exempted,
/// how many committed (submitted or further), and so how many are still missing.
public struct CoverageRow: Sendable, Hashable {
    public var organizationID: Int64
    public var organizationName: String
    public var members: Int
    public var exempted: Int
    public var committed: Int
    /// Whether the organization itself has a commitment this year (submitted or further).
    public var organizationCommitted: Bool

    public var missing: Int { max(0, members - exempted - committed) }
}

/// SQL for the ledger (承诺台账) and coverage (全覆盖).
public enum LedgerRepository {
    static func clause(_ path: TreePath, _ f: LedgerFilter, today: CalendarDay) -> SQLQueryString {
        let b = subtreeBounds(path)
        var q: SQLQueryString = "o.path >= \(bind: b.low) AND o.path < \(bind: b.high) AND c.year = \(bind: f.year)"
        if let s = f.state { q = q + " AND c.state = \(bind: s.rawValue)" }
        if let k = f.kind { q = q + " AND c.kind = \(bind: k.rawValue)" }
        if f.subject == "member" { q = q + " AND c.member_id IS NOT NULL" }
        if f.subject == "organization" { q = q + " AND c.member_id IS NULL" }
        if f.awaitingReviewOnly, let top = path.ids.last {
            q = q + " AND c.state = 'submitted' AND NOT (c.member_id IS NULL AND c.organization_id = \(bind: top))"
        }
        if f.overdueOnly {
            q =
                q + """
                     AND c.state NOT IN ('draft', 'withdrawn') AND EXISTS (SELECT 1 FROM commitment_items i
                      WHERE i.commitment_id = c.id AND i.fulfilled = \(bind: false) AND i.deadline < \(bind: today.description))
                    """
        }
        return q
    }

    /// One page of the ledger, ordered by organization then subject, and the total count.
    public static func page(
        _ db: any SQLDatabase, under path: TreePath, filter: LedgerFilter, today: CalendarDay, limit: Int, offset: Int
    ) async throws -> (rows: [CommitmentRecord], total: Int) {
        let where_ = clause(path, filter, today: today)
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM commitments c JOIN organizations o ON o.id = c.organization_id WHERE " + where_)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await CommitmentRepository.list(
            db, where: where_, order: "o.path, CASE WHEN c.member_id IS NULL THEN 0 ELSE 1 END, c.id LIMIT \(limit) OFFSET \(offset)")
        return (rows, total)
    }

    /// The export's rows — one per item, with what the sheet shows of its commitment — a chunk of
    /// commitments at a time in id order: two statements a chunk (the ids, then their items joined to
    /// their commitments' names), and no record built that the sheet does not need.
    public static func forEachExportChunk(
        _ db: any SQLDatabase, under path: TreePath, filter: LedgerFilter, today: CalendarDay, chunk: Int = 4000,
        _ body: ([LedgerExportRow]) async throws -> Void
    ) async throws {
        var after: Int64 = 0
        while true {
            let ids = try await db.raw(
                "SELECT c.id FROM commitments c JOIN organizations o ON o.id = c.organization_id WHERE " + clause(path, filter, today: today)
                    + " AND c.id > \(bind: after) ORDER BY c.id LIMIT \(unsafeRaw: String(chunk))"
            ).all(decodingColumn: "id", as: Int64.self)
            guard let last = ids.last else { return }
            var rows: [LedgerExportRow] = []
            rows.reserveCapacity(ids.count * 5)
            for part in ids.chunked(1000) {
                for r in try await db.raw(
                    """
                    SELECT c.id, c.year, c.round, c.kind, c.state, c.higher_standard, o.name AS organization_name, m.name AS member_name,
                      i.position, i.content, i.responsibility, i.deadline, i.expected_result, i.focus_area, i.fulfilled, i.fulfilled_on
                    FROM commitments c JOIN organizations o ON o.id = c.organization_id LEFT JOIN members m ON m.id = c.member_id
                      JOIN commitment_items i ON i.commitment_id = c.id
                    WHERE c.id IN (\(SQLList(part.map { SQLBind($0) }))) ORDER BY c.id, i.position
                    """
                ).all() {
                    rows.append(
                        LedgerExportRow(
                            commitmentID: try r.int64("id"), year: try r.int("year"), round: try r.int("round"), kind: try r.string("kind"),
                            state: try r.string("state"), higherStandard: try r.bool("higher_standard"), organizationName: try r.string("organization_name"),
                            memberName: try r.decodeNil(column: "member_name") ? nil : try r.string("member_name"), position: try r.int("position"),
                            content: try r.string("content"), responsibility: try r.string("responsibility"), deadline: try r.string("deadline"),
                            expectedResult: try r.string("expected_result"),
                            focusArea: try r.decodeNil(column: "focus_area") ? nil : try r.string("focus_area"), fulfilled: try r.bool("fulfilled"),
                            fulfilledOn: try r.decodeNil(column: "fulfilled_on") ? nil : try r.string("fulfilled_on")))
                }
            }
            try await body(rows)
            after = last
        }
    }

    /// Coverage of the organization itself (its own members) and of each child subtree.
    public static func coverage(_ db: any SQLDatabase, of org: OrganizationRecord, year: Int) async throws -> (own: CoverageRow, children: [CoverageRow]) {
        // The same "made" as the counters' (a returned commitment is the member's to resubmit).
        let committedStates = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        let memberCounts: SQLQueryString = """
            COUNT(m.id) AS members,
            SUM(CASE WHEN EXISTS (SELECT 1 FROM commitment_exemptions e WHERE e.member_id = m.id AND e.year = \(bind: year)) THEN 1 ELSE 0 END) AS exempted,
            SUM(CASE WHEN EXISTS (SELECT 1 FROM commitments c WHERE c.member_id = m.id AND c.year = \(bind: year) AND c.state IN (\(committedStates)))
              THEN 1 ELSE 0 END) AS committed
            """
        let orgCommitted: SQLQueryString = """
            EXISTS (SELECT 1 FROM commitments c WHERE c.organization_id = ch.id AND c.member_id IS NULL AND c.year = \(bind: year)
              AND c.state IN (\(committedStates))) AS org_committed
            """
        let childRows = try await db.raw(
            "SELECT ch.id, ch.name, " + orgCommitted + ", " + memberCounts
                + """
                 FROM organizations ch
                JOIN organizations o ON o.path >= ch.path AND o.path < ch.path || '~'
                LEFT JOIN members m ON m.organization_id = o.id
                WHERE ch.parent_id = \(bind: org.id) AND ch.dissolved = \(bind: false)
                GROUP BY ch.id, ch.name ORDER BY ch.name, ch.id
                """
        ).all()
        let ownRow = try await db.raw(
            "SELECT ch.id, ch.name, " + orgCommitted + ", " + memberCounts
                + " FROM organizations ch LEFT JOIN members m ON m.organization_id = ch.id WHERE ch.id = \(bind: org.id) GROUP BY ch.id, ch.name"
        ).all()
        func row(_ r: any SQLRow) throws -> CoverageRow {
            CoverageRow(
                organizationID: try r.int64("id"), organizationName: try r.string("name"), members: try r.int("members"),
                exempted: try r.decode(column: "exempted", as: Int?.self) ?? 0, committed: try r.decode(column: "committed", as: Int?.self) ?? 0,
                organizationCommitted: try r.bool("org_committed"))
        }
        return (try row(ownRow[0]), try childRows.map(row))
    }

    /// 未承诺: members of the organization itself who owe a commitment this year and have none yet.
    public static func missingMembers(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [(id: Int64, name: String)] {
        try await db.raw(
            """
            SELECT m.id, m.name FROM members m WHERE m.organization_id = \(bind: organizationID)
            AND NOT EXISTS (SELECT 1 FROM commitment_exemptions e WHERE e.member_id = m.id AND e.year = \(bind: year))
            AND NOT EXISTS (SELECT 1 FROM commitments c WHERE c.member_id = m.id AND c.year = \(bind: year) AND c.state IN (\(SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) }))))
            ORDER BY m.name, m.id
            """
        ).all().map { (try $0.int64("id"), try $0.string("name")) }
    }
}

/// 台账导出的一行: an item and what the sheet shows of its commitment (codes and dates as stored).
public struct LedgerExportRow: Sendable {
    public var commitmentID: Int64
    public var year: Int
    public var round: Int
    public var kind: String
    public var state: String
    public var higherStandard: Bool
    public var organizationName: String
    public var memberName: String?
    public var position: Int
    public var content: String
    public var responsibility: String
    /// YYYY-MM-DD, which sorts and compares as the day it names.
    public var deadline: String
    public var expectedResult: String
    public var focusArea: String?
    public var fulfilled: Bool
    public var fulfilledOn: String?
}
