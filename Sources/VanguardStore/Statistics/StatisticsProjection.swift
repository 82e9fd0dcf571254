import SQLKit
import VanguardCore

/// 统计汇总's facts: what commitments, members, determinations and rounds contribute to the counters.
/// Each figure is defined once, as a query over a filter of its subjects: the incremental update asks it
/// for the subjects a command changes, the rebuild for every subject, range by range.
struct StatisticsProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "statistics"
    func owns(metric: String) -> Bool {
        !PointsProjection().owns(metric: metric) && !SupportProjection.owns(metric: metric) && !CommendationProjection.owns(metric: metric)
            && !FundProjection.owns(metric: metric) && !WorkReportProjection.owns(metric: metric)
    }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        try await ContributionStream.collect { add in
            var members = changes.members
            for chunk in changes.commitments.sorted().chunked(500) {
                let list = SQLList(chunk.map { SQLBind($0) })
                try await Self.commitments(db, where: "c.id IN (\(list))", add: add)
                members.formUnion(
                    try await db.raw("SELECT DISTINCT member_id FROM commitments WHERE id IN (\(list)) AND member_id IS NOT NULL").all(
                        decodingColumn: "member_id", as: Int64.self))
            }
            for chunk in members.sorted().chunked(500) { try await Self.members(db, where: "m.id IN (\(SQLList(chunk.map { SQLBind($0) })))", add: add) }
            if !changes.determinations.isEmpty {
                var filter: SQLQueryString = "("
                for (i, d) in changes.determinations.sorted(by: { ($0.organizationID, $0.year) < ($1.organizationID, $1.year) }).enumerated() {
                    let member: SQLQueryString = d.memberID.map { "d.member_id = \(bind: $0)" } ?? "d.member_id IS NULL"
                    filter = filter + (i == 0 ? "" : " OR ") + "(d.organization_id = \(bind: d.organizationID) AND d.year = \(bind: d.year) AND " + member + ")"
                }
                try await Self.determinations(db, where: filter + ")", add: add)
            }
            if !changes.ballotCounts.isEmpty {
                try await Self.ballots(db, where: "r.id IN (\(SQLList(changes.ballotCounts.sorted().map { SQLBind($0) })))", add: add)
            }
        }
    }

    /// Every subject at once, each query one pass over its tables, streamed: ranges of ids would make the
    /// database join each range to the whole of the items table again (a province's rebuild spent most of
    /// its time doing so), and the grouped rows are summed as they come instead of held as rows first.
    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws {
        try await Self.commitments(db, where: "1 = 1", add: add)
        try await Self.members(db, where: "1 = 1", add: add)
        try await Self.determinations(db, where: "1 = 1", add: add)
        try await Self.ballots(db, where: "1 = 1", add: add)
    }

    /// Ranges of ids that cover a table in steps one query can hold: a quarter of a million rows, which the
    /// database scans and groups in one pass (hash joins; narrower ranges cost an index walk each, and made
    /// a province's rebuild four times slower) and whose grouped answer still fits in memory.
    static func idRanges(_ db: any SQLDatabase, table: String, step: Int64 = 250_000) async throws -> [ClosedRange<Int64>] {
        guard let row = try await db.raw("SELECT MIN(id) AS lo, MAX(id) AS hi FROM " + SQLQueryString(table)).first(),
            let lo = try row.decode(column: "lo", as: Int64?.self), let hi = try row.decode(column: "hi", as: Int64?.self)
        else { return [] }
        return stride(from: lo, through: hi, by: Int(step)).map { $0...min(hi, $0 + step - 1) }
    }

    /// What the commitments `filter` selects (alias `c`) add: one in its state; once made, its items,
    /// its fulfilled items and those fulfilled in each month.
    static func commitments(_ db: any SQLDatabase, where filter: SQLQueryString, add: @escaping ContributionStream.Sink) async throws {
        let isMember: SQLQueryString = "CASE WHEN c.member_id IS NULL THEN 0 ELSE 1 END"
        try await ContributionStream.run(
            db,
            "SELECT o.path, c.year, c.state, " + isMember
                + """
                 AS is_member, COUNT(DISTINCT c.id) AS n, COUNT(i.commitment_id) AS items,
                  CAST(SUM(CASE WHEN i.fulfilled = \(bind: true) THEN 1 ELSE 0 END) AS BIGINT) AS done
                FROM commitments c JOIN organizations o ON o.id = c.organization_id LEFT JOIN commitment_items i ON i.commitment_id = c.id
                WHERE
                """ + " " + filter + " GROUP BY o.path, c.year, c.state, " + isMember, add: add
        ) { row in
            guard let path = TreePath(try row.string("path")), let state = CommitmentState(rawValue: try row.string("state")) else { return [] }
            let year = try row.int("year")
            let subject = StatMetric.subject(member: try row.int("is_member") == 1)
            var out = [Contribution(path: path, year: year, metric: StatMetric.commitments(subject, state), value: try row.int("n"))]
            guard StatMetric.countsItems(state) else { return out }
            out.append(.init(path: path, year: year, metric: StatMetric.items(subject), value: try row.decode(column: "items", as: Int?.self) ?? 0))
            out.append(.init(path: path, year: year, metric: StatMetric.itemsFulfilled(subject), value: try row.decode(column: "done", as: Int?.self) ?? 0))
            return out
        }
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        try await ContributionStream.run(
            db,
            "SELECT o.path, c.year, " + isMember
                + """
                 AS is_member, substr(i.fulfilled_on, 6, 2) AS m, COUNT(*) AS n FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id
                JOIN organizations o ON o.id = c.organization_id
                WHERE c.state IN (\(made)) AND i.fulfilled = \(bind: true) AND i.fulfilled_on IS NOT NULL AND
                """ + " " + filter + " GROUP BY o.path, c.year, substr(i.fulfilled_on, 6, 2), " + isMember, add: add
        ) { row in
            guard let path = TreePath(try row.string("path")), let month = Int(try row.string("m")) else { return [] }
            let subject = StatMetric.subject(member: try row.int("is_member") == 1)
            return [.init(path: path, year: try row.int("year"), metric: StatMetric.fulfilledInMonth(subject, month), value: try row.int("n"))]
        }
    }

    /// What the members `filter` selects (alias `m`) add where they belong: 覆盖率 — a member counts as
    /// committed once a year, at her own organization, when she made a commitment anywhere, and as a
    /// guest at each other organization where she made one (在职党员 at their residence, 流动党员 at
    /// their inflow organization) — and their exemptions (免于承诺). All go with a member who moves.
    static func members(_ db: any SQLDatabase, where filter: SQLQueryString, add: @escaping ContributionStream.Sink) async throws {
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        func collect(_ sql: SQLQueryString, _ metric: String) async throws {
            try await ContributionStream.run(db, sql, add: add) { row in
                guard let path = TreePath(try row.string("path")) else { return [] }
                return [.init(path: path, year: try row.int("year"), metric: metric, value: try row.int("n"))]
            }
        }
        try await collect(
            """
            SELECT o.path, c.year, COUNT(DISTINCT c.member_id) AS n FROM commitments c JOIN members m ON m.id = c.member_id
            JOIN organizations o ON o.id = m.organization_id WHERE c.state IN (\(made)) AND
            """ + " " + filter + " GROUP BY o.path, c.year", StatMetric.committedMembers)
        try await collect(
            """
            SELECT o.path, c.year, COUNT(DISTINCT c.member_id) AS n FROM commitments c JOIN members m ON m.id = c.member_id
            JOIN organizations o ON o.id = c.organization_id WHERE c.state IN (\(made)) AND c.organization_id <> m.organization_id AND
            """ + " " + filter + " GROUP BY o.path, c.year", StatMetric.committedGuests)
        try await collect(
            """
            SELECT o.path, e.year, COUNT(*) AS n FROM commitment_exemptions e JOIN members m ON m.id = e.member_id
            JOIN organizations o ON o.id = m.organization_id WHERE
            """ + " " + filter + " GROUP BY o.path, e.year", StatMetric.exemptMembers)
    }

    /// What determinations add: one at its grade, for organizations and members apart.
    static func determinations(_ db: any SQLDatabase, where filter: SQLQueryString, add: @escaping ContributionStream.Sink) async throws {
        try await ContributionStream.run(
            db,
            """
            SELECT d.grade, d.year, CASE WHEN d.member_id IS NULL THEN 0 ELSE 1 END AS is_member, o.path, COUNT(*) AS n
            FROM determinations d JOIN organizations o ON o.id = d.organization_id WHERE
            """ + " " + filter + " GROUP BY d.grade, d.year, CASE WHEN d.member_id IS NULL THEN 0 ELSE 1 END, o.path", add: add
        ) { row in
            guard let g = EvaluationGrade(rawValue: try row.string("grade")), let path = TreePath(try row.string("path")) else { return [] }
            return [
                Contribution(
                    path: path, year: try row.int("year"), metric: StatMetric.determinations(StatMetric.subject(member: try row.int("is_member") == 1), g),
                    value: try row.int("n"))
            ]
        }
    }

    /// What rounds of mass evaluation add: their counted ballots by answer, in the year of their half.
    static func ballots(_ db: any SQLDatabase, where filter: SQLQueryString, add: @escaping ContributionStream.Sink) async throws {
        try await ContributionStream.run(
            db,
            """
            SELECT r.period, o.path, c.answer, CAST(SUM(c.n) AS BIGINT) AS n FROM evaluation_counts c JOIN evaluation_targets t ON t.id = c.target_id
            JOIN evaluation_rounds r ON r.id = t.round_id JOIN organizations o ON o.id = r.organization_id WHERE
            """ + " " + filter + " GROUP BY r.period, o.path, c.answer", add: add
        ) { row in
            guard let a = EvaluationAnswer(rawValue: try row.string("answer")), let half = HalfYear(try row.string("period")),
                let path = TreePath(try row.string("path"))
            else { return [] }
            return [Contribution(path: path, year: half.year, metric: StatMetric.ballots(a), value: try row.decode(column: "n", as: Int?.self) ?? 0)]
        }
    }
}
