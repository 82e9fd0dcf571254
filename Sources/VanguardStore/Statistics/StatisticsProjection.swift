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
        var out: [Contribution] = []
        var members = changes.members
        for chunk in changes.commitments.sorted().chunked(500) {
            let list = SQLList(chunk.map { SQLBind($0) })
            out += try await Self.commitments(db, where: "c.id IN (\(list))")
            members.formUnion(
                try await db.raw("SELECT DISTINCT member_id FROM commitments WHERE id IN (\(list)) AND member_id IS NOT NULL").all(
                    decodingColumn: "member_id", as: Int64.self))
        }
        for chunk in members.sorted().chunked(500) { out += try await Self.members(db, where: "m.id IN (\(SQLList(chunk.map { SQLBind($0) })))") }
        if !changes.determinations.isEmpty {
            var filter: SQLQueryString = "("
            for (i, d) in changes.determinations.sorted(by: { ($0.organizationID, $0.year) < ($1.organizationID, $1.year) }).enumerated() {
                let member: SQLQueryString = d.memberID.map { "d.member_id = \(bind: $0)" } ?? "d.member_id IS NULL"
                filter = filter + (i == 0 ? "" : " OR ") + "(d.organization_id = \(bind: d.organizationID) AND d.year = \(bind: d.year) AND " + member + ")"
            }
            out += try await Self.determinations(db, where: filter + ")")
        }
        if !changes.ballotCounts.isEmpty {
            out += try await Self.ballots(db, where: "r.id IN (\(SQLList(changes.ballotCounts.sorted().map { SQLBind($0) })))")
        }
        return out
    }

    func everything(_ db: any SQLDatabase, add: ([Contribution]) -> Void) async throws {
        for range in try await Self.idRanges(db, table: "commitments") {
            add(try await Self.commitments(db, where: "c.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
        for range in try await Self.idRanges(db, table: "members") {
            add(try await Self.members(db, where: "m.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
        add(try await Self.determinations(db, where: "1 = 1"))
        add(try await Self.ballots(db, where: "1 = 1"))
    }

    /// Ranges of ids that cover a table in steps one query can hold.
    static func idRanges(_ db: any SQLDatabase, table: String, step: Int64 = 50_000) async throws -> [ClosedRange<Int64>] {
        guard let row = try await db.raw("SELECT MIN(id) AS lo, MAX(id) AS hi FROM " + SQLQueryString(table)).first(),
            let lo = try row.decode(column: "lo", as: Int64?.self), let hi = try row.decode(column: "hi", as: Int64?.self)
        else { return [] }
        return stride(from: lo, through: hi, by: Int(step)).map { $0...min(hi, $0 + step - 1) }
    }

    /// What the commitments `filter` selects (alias `c`) add: one in its state; once made, its items,
    /// its fulfilled items and those fulfilled in each month.
    static func commitments(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        var out: [Contribution] = []
        let isMember: SQLQueryString = "CASE WHEN c.member_id IS NULL THEN 0 ELSE 1 END"
        for row in try await db.raw(
            "SELECT o.path, c.year, c.state, " + isMember
                + """
                 AS is_member, COUNT(DISTINCT c.id) AS n, COUNT(i.commitment_id) AS items,
                  CAST(SUM(CASE WHEN i.fulfilled = \(bind: true) THEN 1 ELSE 0 END) AS BIGINT) AS done
                FROM commitments c JOIN organizations o ON o.id = c.organization_id LEFT JOIN commitment_items i ON i.commitment_id = c.id
                WHERE
                """ + " " + filter + " GROUP BY o.path, c.year, c.state, " + isMember
        ).all() {
            guard let path = TreePath(try row.string("path")), let state = CommitmentState(rawValue: try row.string("state")) else { continue }
            let year = try row.int("year")
            let subject = StatMetric.subject(member: try row.int("is_member") == 1)
            out.append(.init(path: path, year: year, metric: StatMetric.commitments(subject, state), value: try row.int("n")))
            guard StatMetric.countsItems(state) else { continue }
            out.append(.init(path: path, year: year, metric: StatMetric.items(subject), value: try row.decode(column: "items", as: Int?.self) ?? 0))
            out.append(.init(path: path, year: year, metric: StatMetric.itemsFulfilled(subject), value: try row.decode(column: "done", as: Int?.self) ?? 0))
        }
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        for row in try await db.raw(
            "SELECT o.path, c.year, " + isMember
                + """
                 AS is_member, substr(i.fulfilled_on, 6, 2) AS m, COUNT(*) AS n FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id
                JOIN organizations o ON o.id = c.organization_id
                WHERE c.state IN (\(made)) AND i.fulfilled = \(bind: true) AND i.fulfilled_on IS NOT NULL AND
                """ + " " + filter + " GROUP BY o.path, c.year, substr(i.fulfilled_on, 6, 2), " + isMember
        ).all() {
            guard let path = TreePath(try row.string("path")), let month = Int(try row.string("m")) else { continue }
            let subject = StatMetric.subject(member: try row.int("is_member") == 1)
            out.append(.init(path: path, year: try row.int("year"), metric: StatMetric.fulfilledInMonth(subject, month), value: try row.int("n")))
        }
        return out
    }

    /// What the members `filter` selects (alias `m`) add where they belong: 覆盖率 — a member counts as
    /// committed once a year, at her own organization, when she made a commitment anywhere, and as a
    /// guest at each other organization where she made one (在职党员 at their residence, 流动党员 at
    /// their inflow organization) — and their exemptions (免于承诺). All go with a member who moves.
    static func members(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        var out: [Contribution] = []
        func collect(_ sql: SQLQueryString, _ metric: String) async throws {
            for row in try await db.raw(sql).all() {
                guard let path = TreePath(try row.string("path")) else { continue }
                out.append(.init(path: path, year: try row.int("year"), metric: metric, value: try row.int("n")))
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
        return out
    }

    /// What determinations add: one at its grade, for organizations and members apart.
    static func determinations(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        try await db.raw(
            """
            SELECT d.grade, d.year, CASE WHEN d.member_id IS NULL THEN 0 ELSE 1 END AS is_member, o.path, COUNT(*) AS n
            FROM determinations d JOIN organizations o ON o.id = d.organization_id WHERE
            """ + " " + filter + " GROUP BY d.grade, d.year, CASE WHEN d.member_id IS NULL THEN 0 ELSE 1 END, o.path"
        ).all().compactMap { row in
            guard let g = EvaluationGrade(rawValue: try row.string("grade")), let path = TreePath(try row.string("path")) else { return nil }
            return Contribution(
                path: path, year: try row.int("year"), metric: StatMetric.determinations(StatMetric.subject(member: try row.int("is_member") == 1), g),
                value: try row.int("n"))
        }
    }

    /// What rounds of mass evaluation add: their counted ballots by answer, in the year of their half.
    static func ballots(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        try await db.raw(
            """
            SELECT r.period, o.path, c.answer, CAST(SUM(c.n) AS BIGINT) AS n FROM evaluation_counts c JOIN evaluation_targets t ON t.id = c.target_id
            JOIN evaluation_rounds r ON r.id = t.round_id JOIN organizations o ON o.id = r.organization_id WHERE
            """ + " " + filter + " GROUP BY r.period, o.path, c.answer"
        ).all().compactMap { row in
            guard let a = EvaluationAnswer(rawValue: try row.string("answer")), let half = HalfYear(try row.string("period")),
                let path = TreePath(try row.string("path"))
            else { return nil }
            return Contribution(path: path, year: half.year, metric: StatMetric.ballots(a), value: try row.decode(column: "n", as: Int?.self) ?? 0)
        }
    }
}
