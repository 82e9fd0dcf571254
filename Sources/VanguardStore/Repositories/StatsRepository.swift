import SQLKit
import VanguardCore

/// 统计汇总: counters per organization, year and metric, for the organization alone and its subtree,
/// kept in the same transaction as the fact that changes them by adding the change along the ancestor
/// path — one upsert statement, O(depth) rows. Nothing scans a subtree to answer a question.
public enum StatsRepository {
    struct Key: Hashable {
        var organizationID: Int64
        var year: Int
        var metric: String
    }

    /// What one fact adds at one organization in one year.
    struct Contribution: Hashable {
        var path: TreePath
        var year: Int
        var metric: String
        var value: Int
    }

    // MARK: keeping counters

    /// Adds `deltas` to the organization at `path` (own and subtree) and to each ancestor (subtree).
    /// Rows are written root first and metrics in name order, so concurrent writers lock in one order.
    static func add(_ db: any SQLDatabase, path: TreePath, year: Int, _ deltas: [String: Int]) async throws {
        let metrics = deltas.filter { $0.value != 0 }.keys.sorted()
        guard !metrics.isEmpty else { return }
        var rows: [SQLQueryString] = []
        for id in path.ids {
            for m in metrics {
                let d = deltas[m]!
                rows.append("(\(bind: id), \(bind: year), \(bind: m), \(bind: id == path.id ? d : 0), \(bind: d))")
            }
        }
        var sql: SQLQueryString = "INSERT INTO stat_counters (organization_id, year, metric, own, subtree) VALUES "
        for (i, r) in rows.enumerated() { sql = sql + (i == 0 ? "" : ", ") + r }
        try await db.raw(
            sql
                + " ON CONFLICT (organization_id, year, metric) DO UPDATE SET own = stat_counters.own + excluded.own, subtree = stat_counters.subtree + excluded.subtree"
        ).run()
    }

    static func apply(_ db: any SQLDatabase, after: [Contribution], before: [Contribution]) async throws {
        var deltas: [TreePath: [Int: [String: Int]]] = [:]
        for c in after { deltas[c.path, default: [:]][c.year, default: [:]][c.metric, default: 0] += c.value }
        for c in before { deltas[c.path, default: [:]][c.year, default: [:]][c.metric, default: 0] -= c.value }
        for (path, years) in deltas.sorted(by: { $0.key.description < $1.key.description }) {
            for (year, d) in years.sorted(by: { $0.key < $1.key }) { try await add(db, path: path, year: year, d) }
        }
    }

    /// Runs `body`, which inserts a commitment and returns its id, and adds what the commitment adds.
    static func inserting(_ db: any SQLDatabase, memberID: Int64?, year: Int, _ body: () async throws -> Int64) async throws -> Int64 {
        let before = try await coverage(db, members: Set(memberID.map { [$0] } ?? []))
        let id = try await body()
        try await apply(db, after: try await contributions(db, commitments: [id]), before: before)
        return id
    }

    /// Runs `body`, which changes the given commitments, and adds the difference it made to the counters.
    static func tracking<T>(_ db: any SQLDatabase, commitments ids: [Int64], _ body: () async throws -> T) async throws -> T {
        try await tracking(db, { try await contributions(db, commitments: ids) }, body)
    }

    /// Runs `body` between two readings of what some facts add, and adds the difference to the counters.
    static func tracking<T>(_ db: any SQLDatabase, _ reading: () async throws -> [Contribution], _ body: () async throws -> T) async throws -> T {
        let before = try await reading()
        let result = try await body()
        try await apply(db, after: try await reading(), before: before)
        return result
    }

    /// What commitments add: one in its state, its items and fulfilled items when made, and — for a
    /// member — whether she counts as committed, at home and as a guest (see `coverage`).
    static func contributions(_ db: any SQLDatabase, commitments ids: [Int64]) async throws -> [Contribution] {
        guard !ids.isEmpty else { return [] }
        var out: [Contribution] = []
        var members = Set<Int64>()
        for row in try await db.raw(
            """
            SELECT c.id, c.year, c.state, c.member_id, o.path,
              (SELECT COUNT(*) FROM commitment_items i WHERE i.commitment_id = c.id) AS items,
              (SELECT COUNT(*) FROM commitment_items i WHERE i.commitment_id = c.id AND i.fulfilled = \(bind: true)) AS done
            FROM commitments c JOIN organizations o ON o.id = c.organization_id WHERE c.id IN (\(SQLList(ids.map { SQLBind($0) })))
            """
        ).all() {
            guard let path = TreePath(try row.string("path")), let state = CommitmentState(rawValue: try row.string("state")) else { continue }
            let year = try row.int("year")
            let member = try row.optionalInt64("member_id")
            let subject = StatMetric.subject(member: member != nil)
            out.append(.init(path: path, year: year, metric: StatMetric.commitments(subject, state), value: 1))
            if StatMetric.countsItems(state) {
                out.append(.init(path: path, year: year, metric: StatMetric.items(subject), value: try row.int("items")))
                out.append(.init(path: path, year: year, metric: StatMetric.itemsFulfilled(subject), value: try row.int("done")))
                for m in try await db.raw(
                    "SELECT substr(fulfilled_on, 6, 2) AS m, COUNT(*) AS n FROM commitment_items WHERE commitment_id = \(bind: try row.int64("id")) AND fulfilled = \(bind: true) AND fulfilled_on IS NOT NULL GROUP BY substr(fulfilled_on, 6, 2)"
                ).all() {
                    guard let month = Int(try m.string("m")) else { continue }
                    out.append(.init(path: path, year: year, metric: StatMetric.fulfilledInMonth(subject, month), value: try m.int("n")))
                }
            }
            if let member { members.insert(member) }
        }
        return out + (try await coverage(db, members: members))
    }

    /// 覆盖率 per member and year: she counts as committed once, at her own organization, when she made a
    /// commitment anywhere; each other organization where she made one counts her as a guest (在职党员 at
    /// their residence, 流动党员 at their inflow organization). Read for every year of the given members.
    static func coverage(_ db: any SQLDatabase, members: Set<Int64>) async throws -> [Contribution] {
        var out: [Contribution] = []
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        for chunk in members.sorted().chunked(500) {
            var counted = Set<[Int64]>()
            for row in try await db.raw(
                """
                SELECT c.member_id, c.year, c.organization_id, m.organization_id AS home, co.path AS path, ho.path AS home_path
                FROM commitments c JOIN members m ON m.id = c.member_id
                JOIN organizations co ON co.id = c.organization_id JOIN organizations ho ON ho.id = m.organization_id
                WHERE c.member_id IN (\(SQLList(chunk.map { SQLBind($0) }))) AND c.state IN (\(made))
                GROUP BY c.member_id, c.year, c.organization_id, m.organization_id, co.path, ho.path
                """
            ).all() {
                let (member, year) = (try row.int64("member_id"), try row.int("year"))
                if counted.insert([member, Int64(year)]).inserted, let home = TreePath(try row.string("home_path")) {
                    out.append(.init(path: home, year: year, metric: StatMetric.committedMembers, value: 1))
                }
                if try row.int64("organization_id") != (try row.int64("home")), let path = TreePath(try row.string("path")) {
                    out.append(.init(path: path, year: year, metric: StatMetric.committedGuests, value: 1))
                }
            }
        }
        return out
    }

    /// What a subject's determination of a year adds: one at its grade.
    static func determination(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int) async throws -> [Contribution] {
        let member: SQLQueryString = memberID.map { "d.member_id = \(bind: $0)" } ?? "d.member_id IS NULL"
        return try await db.raw(
            "SELECT d.grade, o.path FROM determinations d JOIN organizations o ON o.id = d.organization_id WHERE d.year = \(bind: year) AND d.organization_id = \(bind: organizationID) AND "
                + member
        ).all().compactMap { row in
            guard let g = EvaluationGrade(rawValue: try row.string("grade")), let path = TreePath(try row.string("path")) else { return nil }
            return Contribution(path: path, year: year, metric: StatMetric.determinations(StatMetric.subject(member: memberID != nil), g), value: 1)
        }
    }

    /// 免于承诺: an exemption counts at the member's own organization; `delta` is +1 or −1.
    static func exemption(_ db: any SQLDatabase, memberID: Int64, year: Int, delta: Int) async throws {
        guard
            let path = try await db.raw("SELECT o.path FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.id = \(bind: memberID)")
                .first(decodingColumn: "path", as: String.self).flatMap(TreePath.init)
        else { return }
        try await add(db, path: path, year: year, [StatMetric.exemptMembers: delta])
    }

    /// Members leave `from` for `to` (one, or all of `from`'s): their exemptions go with them. Call before the move.
    static func movingExemptions(_ db: any SQLDatabase, memberID: Int64? = nil, from: OrganizationRecord, to: OrganizationRecord) async throws {
        let one: SQLQueryString = memberID.map { " AND m.id = \(bind: $0)" } ?? ""
        for row in try await db.raw(
            "SELECT e.year, COUNT(*) AS n FROM commitment_exemptions e JOIN members m ON m.id = e.member_id WHERE m.organization_id = \(bind: from.id)"
                + one + " GROUP BY e.year"
        ).all() {
            let (year, n) = (try row.int("year"), try row.int("n"))
            try await add(db, path: from.path, year: year, [StatMetric.exemptMembers: -n])
            try await add(db, path: to.path, year: year, [StatMetric.exemptMembers: n])
        }
    }

    /// A subtree moved from under one parent to another: its subtree counters leave the old ancestors
    /// and join the new ones (the moved organizations' own paths are already rewritten).
    static func moveSubtree(_ db: any SQLDatabase, rootID: Int64, oldAncestors: [Int64], newAncestors: [Int64]) async throws {
        let rows = try await db.raw("SELECT year, metric, subtree FROM stat_counters WHERE organization_id = \(bind: rootID) AND subtree <> 0").all()
        var byYear: [Int: [String: Int]] = [:]
        for r in rows { byYear[try r.int("year"), default: [:]][try r.string("metric")] = try r.int("subtree") }
        for (year, values) in byYear.sorted(by: { $0.key < $1.key }) {
            for (ancestors, sign) in [(oldAncestors, -1), (newAncestors, 1)] {
                for id in ancestors {
                    // An ancestor: only its subtree changes. Written one by one; moves are rare.
                    var sql: SQLQueryString = "INSERT INTO stat_counters (organization_id, year, metric, own, subtree) VALUES "
                    for (i, m) in values.keys.sorted().enumerated() {
                        sql = sql + (i == 0 ? "" : ", ") + "(\(bind: id), \(bind: year), \(bind: m), 0, \(bind: sign * values[m]!))"
                    }
                    try await db.raw(sql + " ON CONFLICT (organization_id, year, metric) DO UPDATE SET subtree = stat_counters.subtree + excluded.subtree")
                        .run()
                }
            }
        }
    }

    // MARK: reading

    /// One organization's counters in a year: its own and its subtree's.
    public static func figures(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> (own: StatFigures, subtree: StatFigures) {
        var own: [String: Int] = [:]
        var subtree: [String: Int] = [:]
        for row in try await db.raw("SELECT metric, own, subtree FROM stat_counters WHERE organization_id = \(bind: organizationID) AND year = \(bind: year)")
            .all()
        {
            let m = try row.string("metric")
            own[m] = try row.int("own")
            subtree[m] = try row.int("subtree")
        }
        return (StatFigures(own), StatFigures(subtree))
    }

    /// The subtree counters of several organizations in a year (a dashboard's children table).
    public static func subtreeFigures(_ db: any SQLDatabase, organizationIDs: [Int64], year: Int) async throws -> [Int64: StatFigures] {
        var values: [Int64: [String: Int]] = [:]
        for chunk in organizationIDs.chunked(500) {
            for row in try await db.raw(
                "SELECT organization_id, metric, subtree FROM stat_counters WHERE year = \(bind: year) AND organization_id IN (\(SQLList(chunk.map { SQLBind($0) })))"
            ).all() {
                values[try row.int64("organization_id"), default: [:]][try row.string("metric")] = try row.int("subtree")
            }
        }
        return Dictionary(uniqueKeysWithValues: organizationIDs.map { ($0, StatFigures(values[$0] ?? [:])) })
    }

    // MARK: from the facts

    /// Every counter computed from the facts alone: what `verify` compares with and the demo writes.
    static func computed(_ db: any SQLDatabase) async throws -> [Key: (own: Int, subtree: Int)] {
        var paths: [Int64: TreePath] = [:]
        for row in try await db.raw("SELECT id, path FROM organizations").all() {
            if let p = TreePath(try row.string("path")) { paths[try row.int64("id")] = p }
        }
        var own: [Key: Int] = [:]
        func put(_ org: Int64, _ year: Int, _ metric: String, _ n: Int) {
            if n != 0 { own[Key(organizationID: org, year: year, metric: metric), default: 0] += n }
        }
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        let isMember: SQLQueryString = "CASE WHEN c.member_id IS NULL THEN 0 ELSE 1 END"
        for row in try await db.raw(
            "SELECT c.organization_id, c.year, c.state, " + isMember
                + " AS is_member, COUNT(*) AS n FROM commitments c GROUP BY c.organization_id, c.year, c.state, "
                + isMember
        ).all() {
            guard let state = CommitmentState(rawValue: try row.string("state")) else { continue }
            put(
                try row.int64("organization_id"), try row.int("year"), StatMetric.commitments(StatMetric.subject(member: try row.int("is_member") == 1), state),
                try row.int("n"))
        }
        for row in try await db.raw(
            "SELECT c.organization_id, c.year, " + isMember
                + """
                 AS is_member, COUNT(*) AS n, CAST(SUM(CASE WHEN i.fulfilled = \(bind: true) THEN 1 ELSE 0 END) AS BIGINT) AS done
                FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id WHERE c.state IN (\(made))
                GROUP BY c.organization_id, c.year,
                """ + " " + isMember
        ).all() {
            let (org, year) = (try row.int64("organization_id"), try row.int("year"))
            let subject = StatMetric.subject(member: try row.int("is_member") == 1)
            put(org, year, StatMetric.items(subject), try row.int("n"))
            put(org, year, StatMetric.itemsFulfilled(subject), try row.decode(column: "done", as: Int?.self) ?? 0)
        }
        for row in try await db.raw(
            "SELECT c.organization_id, c.year, " + isMember
                + """
                 AS is_member, substr(i.fulfilled_on, 6, 2) AS m, COUNT(*) AS n FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id
                WHERE c.state IN (\(made)) AND i.fulfilled = \(bind: true) AND i.fulfilled_on IS NOT NULL
                GROUP BY c.organization_id, c.year, substr(i.fulfilled_on, 6, 2),
                """ + " " + isMember
        ).all() {
            guard let month = Int(try row.string("m")) else { continue }
            put(
                try row.int64("organization_id"), try row.int("year"),
                StatMetric.fulfilledInMonth(StatMetric.subject(member: try row.int("is_member") == 1), month), try row.int("n"))
        }
        for (key, n) in try await computedCoverage(db) { put(key.organizationID, key.year, key.metric, n) }
        for row in try await db.raw(
            "SELECT m.organization_id, e.year, COUNT(*) AS n FROM commitment_exemptions e JOIN members m ON m.id = e.member_id GROUP BY m.organization_id, e.year"
        ).all() {
            put(try row.int64("organization_id"), try row.int("year"), StatMetric.exemptMembers, try row.int("n"))
        }
        for row in try await db.raw(
            "SELECT organization_id, year, grade, CASE WHEN member_id IS NULL THEN 0 ELSE 1 END AS is_member, COUNT(*) AS n FROM determinations GROUP BY organization_id, year, grade, CASE WHEN member_id IS NULL THEN 0 ELSE 1 END"
        ).all() {
            guard let g = EvaluationGrade(rawValue: try row.string("grade")) else { continue }
            put(
                try row.int64("organization_id"), try row.int("year"), StatMetric.determinations(StatMetric.subject(member: try row.int("is_member") == 1), g),
                try row.int("n"))
        }
        for row in try await db.raw(
            """
            SELECT r.organization_id, r.period, c.answer, CAST(SUM(c.n) AS BIGINT) AS n FROM evaluation_counts c JOIN evaluation_targets t ON t.id = c.target_id
            JOIN evaluation_rounds r ON r.id = t.round_id GROUP BY r.organization_id, r.period, c.answer
            """
        ).all() {
            guard let a = EvaluationAnswer(rawValue: try row.string("answer")), let half = HalfYear(try row.string("period")) else { continue }
            put(try row.int64("organization_id"), half.year, StatMetric.ballots(a), try row.int("n"))
        }
        for c in try await points(
            db,
            members: try await db.raw("SELECT DISTINCT member_id FROM point_events WHERE state = 'approved'").all(decodingColumn: "member_id", as: Int64.self))
        {
            put(c.path.id, c.year, c.metric, c.value)
        }
        return rolledUp(own, paths: paths)
    }

    /// 覆盖率's two counters from the facts, per organization itself: members committed (at home) and guests.
    static func computedCoverage(_ db: any SQLDatabase) async throws -> [Key: Int] {
        var own: [Key: Int] = [:]
        func put(_ org: Int64, _ year: Int, _ metric: String, _ n: Int) {
            if n != 0 { own[Key(organizationID: org, year: year, metric: metric), default: 0] += n }
        }
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        for row in try await db.raw(
            """
            SELECT m.organization_id, c.year, COUNT(DISTINCT c.member_id) AS n FROM commitments c JOIN members m ON m.id = c.member_id
            WHERE c.state IN (\(made)) GROUP BY m.organization_id, c.year
            """
        ).all() {
            put(try row.int64("organization_id"), try row.int("year"), StatMetric.committedMembers, try row.int("n"))
        }
        for row in try await db.raw(
            """
            SELECT c.organization_id, c.year, COUNT(DISTINCT c.member_id) AS n FROM commitments c JOIN members m ON m.id = c.member_id
            WHERE c.state IN (\(made)) AND c.organization_id <> m.organization_id GROUP BY c.organization_id, c.year
            """
        ).all() {
            put(try row.int64("organization_id"), try row.int("year"), StatMetric.committedGuests, try row.int("n"))
        }
        return own
    }

    /// Replaces the coverage counters by the facts' (when their definition changed, M012).
    static func rebuildCoverage(_ db: any SQLDatabase) async throws {
        let metrics = [StatMetric.committedMembers, StatMetric.committedGuests]
        try await db.raw("DELETE FROM stat_counters WHERE metric IN (\(SQLList(metrics.map { SQLBind($0) })))").run()
        let own = try await computedCoverage(db)
        var paths: [Int64: TreePath] = [:]
        for id in Set(own.keys.map(\.organizationID)).sorted() {
            if let p = try await db.raw("SELECT path FROM organizations WHERE id = \(bind: id)").first(decodingColumn: "path", as: String.self).flatMap(TreePath.init) {
                paths[id] = p
            }
        }
        try await insert(db, rolledUp(own, paths: paths))
    }

    /// Counters of the organizations themselves, added up along their paths.
    static func rolledUp(_ own: [Key: Int], paths: [Int64: TreePath]) -> [Key: (own: Int, subtree: Int)] {
        var out: [Key: (own: Int, subtree: Int)] = [:]
        for (key, n) in own {
            guard let path = paths[key.organizationID] else { continue }
            for id in path.ids {
                let k = Key(organizationID: id, year: key.year, metric: key.metric)
                var v = out[k] ?? (0, 0)
                if id == key.organizationID { v.own += n }
                v.subtree += n
                out[k] = v
            }
        }
        return out
    }

    static func stored(_ db: any SQLDatabase) async throws -> [Key: (own: Int, subtree: Int)] {
        var out: [Key: (own: Int, subtree: Int)] = [:]
        for row in try await db.raw("SELECT * FROM stat_counters WHERE own <> 0 OR subtree <> 0").all() {
            out[Key(organizationID: try row.int64("organization_id"), year: try row.int("year"), metric: try row.string("metric"))] =
                (try row.int("own"), try row.int("subtree"))
        }
        return out
    }

    /// Replaces every counter by the facts' (after a bulk load).
    static func rebuild(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM stat_counters").run()
        try await insert(db, try await computed(db))
    }

    /// Writes counters into rows that do not exist yet.
    static func insert(_ db: any SQLDatabase, _ counters: [Key: (own: Int, subtree: Int)]) async throws {
        let all = counters.sorted { ($0.key.organizationID, $0.key.year, $0.key.metric) < ($1.key.organizationID, $1.key.year, $1.key.metric) }
        for chunk in all.chunked(400) {
            var insert = db.insert(into: "stat_counters").columns("organization_id", "year", "metric", "own", "subtree")
            for (k, v) in chunk { insert = insert.values(SQLBind(k.organizationID), SQLBind(k.year), SQLBind(k.metric), SQLBind(v.own), SQLBind(v.subtree)) }
            try await insert.run()
        }
    }
}
