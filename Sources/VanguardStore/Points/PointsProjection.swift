import SQLKit
import VanguardCore

/// 积分与星级: the automatic point events a member earns from what the system knows — a commitment
/// fulfilled on time, a determination's grade, a closed round's satisfaction rate — each kept as one row
/// keyed by its fact, and every member's yearly total and star level counted where she belongs
/// (`member.points`, `member.stars.N`). Totals follow the approved events under the rules of the year's
/// campaign; when the rules change the office's command rebuilds them (`PointService.saveSettings`).
struct PointsProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "points"
    func owns(metric: String) -> Bool { metric == StatMetric.memberPoints || metric.hasPrefix("member.stars.") }

    /// One automatic event a fact earns.
    struct Earned: Hashable {
        var member: Int64
        var event: PointEventKind
        var day: CalendarDay
    }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        var out: [Contribution] = []
        for chunk in try await Self.members(db, of: changes).chunked(500) {
            out += try await Self.points(db, members: .ids(Array(chunk)))
        }
        return out
    }

    func settle(_ db: any SQLDatabase, _ changes: Changes, now: Int64) async throws {
        for chunk in try await Self.members(db, of: changes).chunked(500) {
            try await Self.settle(db, members: .ids(Array(chunk)), now: now)
        }
    }

    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws {
        for range in try await StatisticsProjection.idRanges(db, table: "members") { add(try await Self.points(db, members: .range(range))) }
    }

    func differences(_ db: any SQLDatabase) async throws -> [String] {
        var out: [String] = []
        for range in try await StatisticsProjection.idRanges(db, table: "members") {
            let expected = try await Self.earned(db, members: .range(range))
            let stored = try await Self.stored(db, members: .range(range))
            for (key, e) in expected.sorted(by: { $0.key < $1.key }) where stored[key]?.event != e.event.rawValue {
                out.append("member \(e.member) \(key): missing \(e.event.rawValue)")
            }
            for (key, s) in stored.sorted(by: { $0.key < $1.key }) where expected[key]?.event.rawValue != s.event {
                out.append("member \(s.member) \(key): stored \(s.event), not earned")
            }
        }
        return out
    }

    func rebuildRows(_ db: any SQLDatabase, now: Int64) async throws {
        for range in try await StatisticsProjection.idRanges(db, table: "members") {
            try await Self.settle(db, members: .range(range), now: now)
        }
    }

    /// The members whose points the subjects of `changes` touch.
    static func members(_ db: any SQLDatabase, of changes: Changes) async throws -> [Int64] {
        var out = changes.members
        for chunk in changes.commitments.sorted().chunked(500) {
            out.formUnion(
                try await db.raw("SELECT DISTINCT member_id FROM commitments WHERE id IN (\(SQLList(chunk.map { SQLBind($0) }))) AND member_id IS NOT NULL")
                    .all(decodingColumn: "member_id", as: Int64.self))
        }
        out.formUnion(changes.determinations.compactMap(\.memberID))
        for chunk in changes.nominations.sorted().chunked(500) {
            out.formUnion(
                try await db.raw("SELECT member_id FROM nominations WHERE id IN (\(SQLList(chunk.map { SQLBind($0) }))) AND member_id IS NOT NULL")
                    .all(decodingColumn: "member_id", as: Int64.self))
        }
        if !changes.roundResults.isEmpty {
            out.formUnion(
                try await db.raw(
                    "SELECT member_id FROM evaluation_targets WHERE round_id IN (\(SQLList(changes.roundResults.sorted().map { SQLBind($0) }))) AND member_id IS NOT NULL"
                ).all(decodingColumn: "member_id", as: Int64.self))
        }
        return out.sorted()
    }

    /// The automatic events the facts of the `members` earn, by the fact's key
    /// ("year:kind:id").
    static func earned(_ db: any SQLDatabase, members: MemberSelection) async throws -> [String: Earned] {
        var out: [String: Earned] = [:]
        for row in try await db.raw(
            """
            SELECT c.id, c.year, c.member_id, MAX(i.fulfilled_on) AS day FROM commitments c JOIN members m ON m.id = c.member_id
            JOIN commitment_items i ON i.commitment_id = c.id WHERE c.state IN ('fulfilled', 'evaluated') AND
            """ + " " + members.on("c.member_id")
                + """
                 GROUP BY c.id, c.year, c.member_id
                HAVING SUM(CASE WHEN i.fulfilled = \(bind: true) AND i.fulfilled_on <= i.deadline THEN 0 ELSE 1 END) = 0
                """
        ).all() {
            guard let day = try row.optionalString("day").flatMap(CalendarDay.init(parsing:)) else { continue }
            out["\(try row.int("year")):fulfilled:\(try row.int64("id"))"] = Earned(member: try row.int64("member_id"), event: .fulfilledOnTime, day: day)
        }
        for row in try await db.raw(
            "SELECT d.member_id, d.year, d.grade, d.at FROM determinations d JOIN members m ON m.id = d.member_id WHERE " + members.on("d.member_id")
                + " ORDER BY d.at, d.id"
        )
        .all() {
            guard let g = EvaluationGrade(rawValue: try row.string("grade")) else { continue }
            let m = try row.int64("member_id")
            out["\(try row.int("year")):grade:\(m)"] = Earned(member: m, event: .grade(g), day: day(try row.int64("at")))
        }
        for row in try await db.raw(
            """
            SELECT t.id, t.member_id, res.rate, r.period, r.closed_at FROM evaluation_results res JOIN evaluation_targets t ON t.id = res.target_id
            JOIN evaluation_rounds r ON r.id = t.round_id JOIN members m ON m.id = t.member_id WHERE r.state = 'closed' AND res.rate IS NOT NULL AND
            """ + " " + members.on("t.member_id")
        ).all() {
            guard let kind = PointEventKind.satisfaction(try row.decode(column: "rate", as: Double.self)),
                let closed = try row.decode(column: "closed_at", as: Int64?.self), let half = HalfYear(try row.string("period"))
            else { continue }
            out["\(half.year):satisfaction:\(try row.int64("id"))"] = Earned(member: try row.int64("member_id"), event: kind, day: day(closed))
        }
        // 获评表彰: a title given (and not revoked) earns its rule's points on the day of the decision.
        if (WritePath.atVersion ?? .max) >= M023Commendation().version {
            for row in try await db.raw(
                "SELECT n.id, n.member_id, n.commended_on FROM nominations n JOIN members m ON m.id = n.member_id WHERE n.state = 'commended' AND "
                    + members.on("n.member_id")
            ).all() {
                guard let day = try row.optionalString("commended_on").flatMap(CalendarDay.init(parsing:)) else { continue }
                out["\(day.year):commended:\(try row.int64("id"))"] = Earned(member: try row.int64("member_id"), event: .commended, day: day)
            }
        }
        return out
    }

    /// The automatic events stored for the `members`, by key.
    static func stored(_ db: any SQLDatabase, members: MemberSelection) async throws -> [String: (id: Int64, member: Int64, event: String)] {
        var out: [String: (id: Int64, member: Int64, event: String)] = [:]
        for row in try await db.raw(
            "SELECT p.id, p.member_id, p.source_key, p.event FROM point_events p JOIN members m ON m.id = p.member_id WHERE p.source_key IS NOT NULL AND "
                + members.on("p.member_id")
        ).all() {
            out[try row.string("source_key")] = (try row.int64("id"), try row.int64("member_id"), try row.string("event"))
        }
        return out
    }

    /// Records the automatic events the `members` earned, each exactly once, and drops
    /// those whose fact no longer holds.
    static func settle(_ db: any SQLDatabase, members: MemberSelection, now: Int64) async throws {
        let earned = try await earned(db, members: members)
        let stored = try await stored(db, members: members)
        for (key, old) in stored.sorted(by: { $0.key < $1.key }) where earned[key]?.event.rawValue != old.event {
            try await db.raw("DELETE FROM point_events WHERE id = \(bind: old.id)").run()
        }
        let missing = earned.sorted(by: { $0.key < $1.key }).filter { stored[$0.key]?.event != $0.value.event.rawValue }
        try await BulkInsert.rows(
            db, into: "point_events", columns: ["member_id", "event", "day", "source_key", "state", "proposed_by", "at"],
            missing.map { key, e in
                [.integer(e.member), .text(e.event.rawValue), .text(e.day.description), .text(key), .text("approved"), .text("system"), .integer(now)]
            })
    }

    /// What the points of the `members` add now, from their approved events:
    /// each year's total and star level, where each belongs. One query for all of them (a rebuild reads
    /// the province range by range); the totals are `PointLedger.total`, as in `totals`.
    static func points(_ db: any SQLDatabase, members: MemberSelection) async throws -> [Contribution] {
        var out: [Contribution] = []
        var settings: [Int: EvaluationSettings] = [:]
        var member: (id: Int64, path: TreePath, events: [PointEvent])?
        func add() async throws {
            guard let m = member else { return }
            for year in Set(m.events.map(\.day.year)).sorted() {
                if settings[year] == nil { settings[year] = try await PointRepository.settings(db, year: year) }
                let s = settings[year]!
                let total = PointLedger.total(m.events, rules: s.pointRules, year: year)
                out.append(Contribution(path: m.path, year: year, metric: StatMetric.memberPoints, value: total))
                let stars = StarLevel.stars(for: Double(total), thresholds: s.memberStars)
                if stars > 0 { out.append(Contribution(path: m.path, year: year, metric: StatMetric.memberStars(stars), value: 1)) }
            }
        }
        for row in try await db.raw(
            """
            SELECT p.member_id, o.path, p.event, p.day, p.manual_points FROM point_events p JOIN members m ON m.id = p.member_id
            JOIN organizations o ON o.id = m.organization_id WHERE p.state = 'approved' AND
            """ + " " + members.on("p.member_id") + " ORDER BY p.member_id, p.day, p.id"
        ).all() {
            let id = try row.int64("member_id")
            if member?.id != id {
                try await add()
                guard let path = TreePath(try row.string("path")) else { member = nil; continue }
                member = (id, path, [])
            }
            member?.events.append(
                PointRepository.ledgerEvent(
                    PointRepository.kind(try row.string("event")), day: try row.day("day"), manualPoints: try row.decode(column: "manual_points", as: Int?.self)
                ))
        }
        try await add()
        return out
    }

    /// The members' totals of a year, for the ranking and the workbench: their approved events under the
    /// rules (applied over every year, so caps count in order) — `PointLedger`, as `points` counts them.
    static func totals(_ db: any SQLDatabase, members ids: [Int64], year: Int, rules: [PointRule]) async throws -> [Int64: Int] {
        var totals: [Int64: Int] = [:]
        for e in try await PointRepository.entries(db, memberIDs: ids, rules: rules) where e.state == "approved" && e.day.year == year {
            totals[e.memberID, default: 0] += e.points
        }
        return totals
    }

    /// The day (China Standard Time) of a moment.
    static func day(_ millis: Int64) -> CalendarDay { CalendarDay.fromDaysSince1970(Int((millis / 1000 + 8 * 3600) / 86400)) }
}

/// Which members a query of their facts is about, said of the column that holds each fact's member: the
/// database then reads only their facts, by that column's index (a range said of `members.id` made it join
/// every commitment of the province to each range).
enum MemberSelection {
    /// A command's few members (at most 500 a query).
    case ids([Int64])
    /// A rebuild's range of member ids.
    case range(ClosedRange<Int64>)

    /// The condition on `column`, a constant of the caller's query.
    func on(_ column: String) -> SQLQueryString {
        switch self {
        case .ids(let ids): "\(unsafeRaw: column) IN (\(SQLList(ids.map { SQLBind($0) })))"
        case .range(let r): "\(unsafeRaw: column) BETWEEN \(bind: r.lowerBound) AND \(bind: r.upperBound)"
        }
    }
}
