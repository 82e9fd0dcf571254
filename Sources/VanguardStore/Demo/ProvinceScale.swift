import SQLKit
import VanguardCore

/// 省级规模: a province for the benchmark — 16 cities, 128 counties, 1,536 towns, ≈198,000 branches
/// (≈200,000 organizations), ≈3.5 million members and ≈10 million commitment items of the current year.
/// Rows are generated inside the database (`INSERT … SELECT` over a counting CTE, the same SQL on SQLite
/// and PostgreSQL) because sending ten million rows one by one would measure the driver, not the store;
/// the counters are then rebuilt from the facts, as after any bulk load.
public struct ProvinceScale: Sendable {
    /// Children per parent, level by level below the province (cities, counties, towns, branches).
    public let fanout: [Int]
    /// Members of a branch: `membersPerBranch`, and one more in 13 branches of 20.
    public let membersPerBranch: Int

    public init(fanout: [Int] = [16, 8, 12, 129], membersPerBranch: Int = 17) {
        self.fanout = fanout
        self.membersPerBranch = membersPerBranch
    }

    public struct Summary: Sendable {
        public var organizations: Int
        public var members: Int
        public var items: Int
        /// How long each step of `generate` took, in seconds: the facts, the counters, the planner's statistics.
        public var seconds: [String: Double] = [:]
    }

    /// Writes the province into an empty database: the facts in one transaction, then the counters in another.
    public func generate(into vanguard: Vanguard) async throws -> Summary {
        let clock = ContinuousClock()
        var step = clock.now
        var seconds: [String: Double] = [:]
        func done(_ name: String) {
            let d = clock.now - step
            seconds[name] = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            step = clock.now
        }
        let now = vanguard.time.nowMillis()
        let year = vanguard.time.today().year
        let lastMonth = max(1, vanguard.time.today().month - 1)
        let levels: [(kind: String, sector: String, name: String)] = [
            ("local_committee", "general", "市委"), ("local_committee", "general", "县委"),
            ("grassroots_committee", "township", "镇党委"), ("branch", "village", "村党支部"),
        ]
        // Everything in one transaction, keys and indexes set aside meanwhile (`BulkLoad`): a failure leaves nothing.
        try await vanguard.backend.write { db in
            try await BulkLoad.withoutKeys(db, tables: ["organizations", "members", "commitments", "commitment_items"], unreferenced: true) {
                try await db.raw(
                    """
                    INSERT INTO organizations (id, parent_id, code, name, kind, sector, path, depth, created_at, updated_at)
                    VALUES (1, NULL, 'S1', '省委', 'local_committee', 'general', '/1/', 0, \(bind: now), \(bind: now))
                    """
                ).run()
                // Each level's ids are contiguous: parent k of the level above (0-based) has children base + k·fanout … + fanout − 1.
                var parentFirst: Int64 = 1
                var first: Int64 = 2
                for (depth, level) in zip(fanout.indices, levels) {
                    let n = Int64(fanout[depth])
                    let (base, parentBase) = (first, parentFirst)
                    try await db.raw(
                        Self.counting(n)
                            + """
                             INSERT INTO organizations (id, parent_id, code, name, kind, sector, path, depth, created_at, updated_at)
                            SELECT \(bind: base) + (p.id - \(bind: parentBase)) * \(bind: n) + s.n - 1, p.id,
                              'S' || CAST(\(bind: base) + (p.id - \(bind: parentBase)) * \(bind: n) + s.n - 1 AS TEXT),
                              \(bind: "第") || CAST(s.n AS TEXT) || \(bind: level.name), \(bind: level.kind), \(bind: level.sector),
                              p.path || CAST(\(bind: base) + (p.id - \(bind: parentBase)) * \(bind: n) + s.n - 1 AS TEXT) || '/', \(bind: depth + 1),
                              \(bind: now), \(bind: now)
                            FROM organizations p CROSS JOIN seq s WHERE p.depth = \(bind: depth)
                            """
                    ).run()
                    parentFirst = base
                    first += levelCount(depth)
                }
                let branchDepth = fanout.count
                let branchFirst = parentFirst
                let perBranch = membersPerBranch + 1
                try await db.raw(
                    Self.counting(Int64(perBranch))
                        + """
                         INSERT INTO members (id, organization_id, member_no, name, gender, birth_date, join_date, status, created_at, updated_at)
                        SELECT (o.id - \(bind: branchFirst)) * \(bind: perBranch) + s.n, o.id,
                          'P' || CAST((o.id - \(bind: branchFirst)) * \(bind: perBranch) + s.n AS TEXT), \(bind: "党员") || CAST(s.n AS TEXT),
                          CASE WHEN s.n % 3 = 0 THEN 'female' ELSE 'male' END, '1975-05-01', '2001-07-01', 'full', \(bind: now), \(bind: now)
                        FROM organizations o CROSS JOIN seq s WHERE o.depth = \(bind: branchDepth) AND (s.n <= \(bind: membersPerBranch) OR o.id % 20 < 13)
                        """
                ).run()
                // One commitment per member and per organization, in states spread like a campaign in its autumn.
                // (id, subject, organization, member, reviewer) per source; organizations' ids follow the members' (ids
                // without gaps, as a database hands them out: a rebuild reads them range by range).
                let memberIDs = levelCount(fanout.count - 1) * Int64(perBranch)
                let subjects: [(columns: SQLQueryString, source: String)] = [
                    ("m.id, 'member', m.organization_id, m.id, m.organization_id, " + Self.state("m.id"), "members m"),
                    ("o.id + \(bind: memberIDs), 'organization', o.id, NULL, COALESCE(o.parent_id, o.id), " + Self.state("o.id"), "organizations o"),
                ]
                for subject in subjects {
                    try await db.raw(
                        "INSERT INTO commitments (id, subject_type, organization_id, member_id, reviewer_organization_id, state, year, kind, author, created_at, updated_at) SELECT "
                            + subject.columns + ", \(bind: year), 'annual', 'bench', \(bind: now), \(bind: now) FROM \(unsafeRaw: subject.source)"
                    ).run()
                }
                // 2 or 3 items each (3 in 7 of 10); a fulfilled commitment's items are all fulfilled, one in progress its first.
                let month: SQLQueryString = "(c.id % \(unsafeRaw: String(lastMonth))) + 1"
                let fulfilled: SQLQueryString = "(c.state IN ('fulfilled', 'evaluated') OR (c.state = 'in_progress' AND s.n = 1))"
                try await db.raw(
                    Self.counting(3)
                        + " INSERT INTO commitment_items (id, commitment_id, position, content, responsibility, deadline, expected_result, fulfilled, fulfilled_on) SELECT c.id * 4 + s.n, c.id, s.n, "
                        + "\(bind: "为群众办一件实事"), \(bind: "本人牵头"), \(bind: "\(year)-12-31"), \(bind: "群众满意"), CASE WHEN " + fulfilled
                        + " THEN true ELSE false END, CASE WHEN " + fulfilled + " THEN \(bind: "\(year)-") || CASE WHEN " + month
                        + " < 10 THEN '0' ELSE '' END || CAST("
                        + month + " AS TEXT) || '-15' ELSE NULL END FROM commitments c CROSS JOIN seq s WHERE s.n < 3 OR c.id % 10 < 7"
                ).run()
            }
        }
        done("facts")
        try await vanguard.backend.write { db in
            try await OrganizationRepository.rebuildCounters(db)
            // Every counter is written again: its key to the organizations is checked once, after.
            try await BulkLoad.withoutKeys(db, tables: ["stat_counters"]) { try await WritePath.rebuild(db, now: now) }
            if db.engine == .postgres {  // the ids were given, so the sequences learn where they are
                for table in ["organizations", "members", "commitments", "commitment_items"] {
                    try await db.exec("SELECT setval(pg_get_serial_sequence('\(table)', 'id'), (SELECT MAX(id) FROM \(table)))")
                }
            }
        }
        done("counters")
        // Fresh statistics for the planner, as after any bulk load (PostgreSQL's VACUUM runs outside a transaction).
        if vanguard.backend.engine == .postgres {
            // The tables it filled only: a database-wide VACUUM also visits other schemas' tables, and one
            // dropped meanwhile failed it ("relation with OID … does not exist").
            try await vanguard.backend.maintain { db in
                try await db.exec("VACUUM ANALYZE organizations, organization_counters, members, commitments, commitment_items, point_events, stat_counters")
            }
        } else {
            try await vanguard.backend.write { db in try await db.exec("ANALYZE") }
        }
        done("analyze")
        var summary = try await Self.summary(of: vanguard)
        summary.seconds = seconds
        return summary
    }

    /// How many organizations, members and commitment items the database holds.
    public static func summary(of vanguard: Vanguard) async throws -> Summary {
        try await vanguard.backend.read { db in
            func count(_ table: String) async throws -> Int {
                try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            return Summary(organizations: try await count("organizations"), members: try await count("members"), items: try await count("commitment_items"))
        }
    }

    /// Organizations at a level (0 = cities).
    func levelCount(_ level: Int) -> Int64 { fanout[0...level].reduce(1) { $0 * Int64($1) } }

    /// `WITH RECURSIVE seq(n)` counting 1 … n.
    static func counting(_ n: Int64) -> SQLQueryString {
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < \(unsafeRaw: String(n)))"
    }

    /// A commitment's state from its id: 1 in 20 a draft, 1 submitted, 2 approved or published, 7 in
    /// progress, 7 fulfilled, 1 overdue, 1 returned.
    static func state(_ id: String) -> SQLQueryString {
        """
        CASE \(unsafeRaw: id) % 20 WHEN 0 THEN 'draft' WHEN 1 THEN 'submitted' WHEN 2 THEN 'approved' WHEN 3 THEN 'published'
          WHEN 18 THEN 'overdue' WHEN 19 THEN 'returned' ELSE CASE WHEN \(unsafeRaw: id) % 20 < 11 THEN 'in_progress' ELSE 'fulfilled' END END
        """
    }
}
