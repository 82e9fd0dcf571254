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

    /// Adds what changed — `after` minus `before` — to the counters: each contribution to its organization
    /// (own and subtree) and to every ancestor (subtree). The rows are merged and written in one order
    /// for every writer — by organization, year and metric — so two transactions adding to the same
    /// ancestors on PostgreSQL wait for each other instead of deadlocking.
    static func apply(_ db: any SQLDatabase, after: [Contribution], before: [Contribution]) async throws {
        var rows: [Key: (own: Int, subtree: Int)] = [:]
        for (contributions, sign) in [(after, 1), (before, -1)] {
            for c in contributions where c.value != 0 {
                for id in c.path.ids {
                    let key = Key(organizationID: id, year: c.year, metric: c.metric)
                    let d = sign * c.value
                    rows[key, default: (0, 0)].subtree += d
                    if id == c.path.id { rows[key, default: (0, 0)].own += d }
                }
            }
        }
        let ordered = rows.filter { $0.value != (0, 0) }.sorted {
            ($0.key.organizationID, $0.key.year, $0.key.metric) < ($1.key.organizationID, $1.key.year, $1.key.metric)
        }
        // 500 rows (2,500 binds) a statement keeps within every database's limit on binds.
        for start in stride(from: 0, to: ordered.count, by: 500) {
            var sql: SQLQueryString = "INSERT INTO stat_counters (organization_id, year, metric, own, subtree) VALUES "
            for (i, (k, v)) in ordered[start..<min(start + 500, ordered.count)].enumerated() {
                sql = sql + (i == 0 ? "" : ", ") + "(\(bind: k.organizationID), \(bind: k.year), \(bind: k.metric), \(bind: v.own), \(bind: v.subtree))"
            }
            try await db.raw(
                sql
                    + " ON CONFLICT (organization_id, year, metric) DO UPDATE SET own = stat_counters.own + excluded.own, subtree = stat_counters.subtree + excluded.subtree"
            ).run()
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

    // MARK: rebuilding (what the counters mean is `WritePath`'s projections)

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

    /// Writes the counters of organizations' own figures into rows that do not exist yet: each
    /// organization's own, and at it and every ancestor the subtree's sum. The roll-up runs inside the
    /// database — the figures go in once (`COPY` on PostgreSQL) and two `INSERT … SELECT`s sum them up
    /// the tree — because a province has millions of counters, too many to add up and send one by one.
    static func insertRollingUp(_ db: any SQLDatabase, own: [Key: Int]) async throws {
        // A temporary table of this connection (PostgreSQL's `pg_temp`, SQLite's `temp`): nobody else sees it.
        let temp = db.engine == .postgres ? "pg_temp" : "temp"
        try await db.exec("DROP TABLE IF EXISTS \(temp).own_counters")
        try await db.exec("CREATE TEMP TABLE own_counters (organization_id BIGINT NOT NULL, year INTEGER NOT NULL, metric TEXT NOT NULL, n BIGINT NOT NULL)")
        try await BulkInsert.rows(
            db, into: "own_counters", columns: ["organization_id", "year", "metric", "n"],
            own.filter { $0.value != 0 }.map {
                [.integer($0.key.organizationID), .integer(Int64($0.key.year)), .text($0.key.metric), .integer(Int64($0.value))]
            })
        // Each organization's own figures, its subtree's so far; then every ancestor's share, grouped per
        // ancestor (few: the branches, most of the rows, have none below them), added to its subtree.
        try await db.exec(
            "INSERT INTO stat_counters (organization_id, year, metric, own, subtree) SELECT organization_id, year, metric, n, n FROM own_counters")
        try await db.exec(
            """
            WITH RECURSIVE up (organization_id, ancestor_id) AS (
              SELECT DISTINCT c.organization_id, o.parent_id FROM own_counters c JOIN organizations o ON o.id = c.organization_id WHERE o.parent_id IS NOT NULL
              UNION ALL SELECT up.organization_id, o.parent_id FROM up JOIN organizations o ON o.id = up.ancestor_id WHERE o.parent_id IS NOT NULL)
            INSERT INTO stat_counters (organization_id, year, metric, own, subtree)
            SELECT up.ancestor_id, c.year, c.metric, 0, SUM(c.n) FROM own_counters c JOIN up ON up.organization_id = c.organization_id
            WHERE 1 = 1 GROUP BY up.ancestor_id, c.year, c.metric
            ON CONFLICT (organization_id, year, metric) DO UPDATE SET subtree = stat_counters.subtree + excluded.subtree
            """)
        try await db.exec("DROP TABLE \(temp).own_counters")
    }
}
