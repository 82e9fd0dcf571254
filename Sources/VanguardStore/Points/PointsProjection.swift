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
        try await Self.points(db, members: try await Self.members(db, of: changes))
    }

    func settle(_ db: any SQLDatabase, _ changes: Changes, now: Int64) async throws {
        for chunk in try await Self.members(db, of: changes).chunked(500) {
            try await Self.settle(db, where: "m.id IN (\(SQLList(chunk.map { SQLBind($0) })))", now: now)
        }
    }

    func everything(_ db: any SQLDatabase, add: ([Contribution]) -> Void) async throws {
        let members = try await db.raw("SELECT DISTINCT member_id FROM point_events WHERE state = 'approved'").all(decodingColumn: "member_id", as: Int64.self)
        for chunk in members.sorted().chunked(2000) { add(try await Self.points(db, members: Array(chunk))) }
    }

    func differences(_ db: any SQLDatabase) async throws -> [String] {
        var out: [String] = []
        for range in try await StatisticsProjection.idRanges(db, table: "members") {
            let filter: SQLQueryString = "m.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"
            let expected = try await Self.earned(db, where: filter)
            let stored = try await Self.stored(db, where: filter)
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
            try await Self.settle(db, where: "m.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)", now: now)
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

    /// The automatic events the facts of the members `filter` selects (alias `m`) earn, by the fact's key
    /// ("year:kind:id").
    static func earned(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [String: Earned] {
        var out: [String: Earned] = [:]
        for row in try await db.raw(
            """
            SELECT c.id, c.year, c.member_id, MAX(i.fulfilled_on) AS day FROM commitments c JOIN members m ON m.id = c.member_id
            JOIN commitment_items i ON i.commitment_id = c.id WHERE c.state IN ('fulfilled', 'evaluated') AND
            """ + " " + filter
                + """
                 GROUP BY c.id, c.year, c.member_id
                HAVING SUM(CASE WHEN i.fulfilled = \(bind: true) AND i.fulfilled_on <= i.deadline THEN 0 ELSE 1 END) = 0
                """
        ).all() {
            guard let day = try row.optionalString("day").flatMap(CalendarDay.init(parsing:)) else { continue }
            out["\(try row.int("year")):fulfilled:\(try row.int64("id"))"] = Earned(member: try row.int64("member_id"), event: .fulfilledOnTime, day: day)
        }
        for row in try await db.raw(
            "SELECT d.member_id, d.year, d.grade, d.at FROM determinations d JOIN members m ON m.id = d.member_id WHERE " + filter + " ORDER BY d.at, d.id"
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
            """ + " " + filter
        ).all() {
            guard let kind = PointEventKind.satisfaction(try row.decode(column: "rate", as: Double.self)),
                let closed = try row.decode(column: "closed_at", as: Int64?.self), let half = HalfYear(try row.string("period"))
            else { continue }
            out["\(half.year):satisfaction:\(try row.int64("id"))"] = Earned(member: try row.int64("member_id"), event: kind, day: day(closed))
        }
        // 获评表彰: a title given (and not revoked) earns its rule's points on the day of the decision.
        if (WritePath.atVersion ?? .max) >= M023Commendation().version {
            for row in try await db.raw(
                "SELECT n.id, n.member_id, n.commended_on FROM nominations n JOIN members m ON m.id = n.member_id WHERE n.state = 'commended' AND " + filter
            ).all() {
                guard let day = try row.optionalString("commended_on").flatMap(CalendarDay.init(parsing:)) else { continue }
                out["\(day.year):commended:\(try row.int64("id"))"] = Earned(member: try row.int64("member_id"), event: .commended, day: day)
            }
        }
        return out
    }

    /// The automatic events stored for the members `filter` selects, by key.
    static func stored(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [String: (id: Int64, member: Int64, event: String)] {
        var out: [String: (id: Int64, member: Int64, event: String)] = [:]
        for row in try await db.raw(
            "SELECT p.id, p.member_id, p.source_key, p.event FROM point_events p JOIN members m ON m.id = p.member_id WHERE p.source_key IS NOT NULL AND "
                + filter
        ).all() {
            out[try row.string("source_key")] = (try row.int64("id"), try row.int64("member_id"), try row.string("event"))
        }
        return out
    }

    /// Records the automatic events the members `filter` selects earned, each exactly once, and drops
    /// those whose fact no longer holds.
    static func settle(_ db: any SQLDatabase, where filter: SQLQueryString, now: Int64) async throws {
        let earned = try await earned(db, where: filter)
        let stored = try await stored(db, where: filter)
        for (key, old) in stored.sorted(by: { $0.key < $1.key }) where earned[key]?.event.rawValue != old.event {
            try await db.raw("DELETE FROM point_events WHERE id = \(bind: old.id)").run()
        }
        let missing = earned.sorted(by: { $0.key < $1.key }).filter { stored[$0.key]?.event != $0.value.event.rawValue }
        for chunk in missing.chunked(200) {
            var insert = db.insert(into: "point_events").columns("member_id", "event", "day", "source_key", "state", "proposed_by", "at")
            for (key, e) in chunk {
                insert = insert.values(
                    SQLBind(e.member), SQLBind(e.event.rawValue), SQLBind(e.day.description), SQLBind(key), SQLBind("approved"), SQLBind("system"),
                    SQLBind(now))
            }
            try await insert.run()
        }
    }

    /// What the members' points add now, from their approved events: each year's total and star level.
    static func points(_ db: any SQLDatabase, members ids: [Int64]) async throws -> [Contribution] {
        guard !ids.isEmpty else { return [] }
        var paths: [Int64: TreePath] = [:]
        for chunk in ids.chunked(500) {
            for row in try await db.raw(
                "SELECT m.id, o.path FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.id IN (\(SQLList(chunk.map { SQLBind($0) })))"
            ).all() {
                paths[try row.int64("id")] = TreePath(try row.string("path"))
            }
        }
        var years = Set<Int>()
        for chunk in ids.chunked(500) {
            for day in try await db.raw(
                "SELECT DISTINCT substr(day, 1, 4) AS y FROM point_events WHERE state = 'approved' AND member_id IN (\(SQLList(chunk.map { SQLBind($0) })))"
            ).all(decodingColumn: "y", as: String.self) {
                if let y = Int(day) { years.insert(y) }
            }
        }
        var out: [Contribution] = []
        for year in years.sorted() {
            let settings = try await PointRepository.settings(db, year: year)
            for (member, total) in try await totals(db, members: ids, year: year, rules: settings.pointRules) {
                guard let path = paths[member] else { continue }
                out.append(Contribution(path: path, year: year, metric: StatMetric.memberPoints, value: total))
                let stars = StarLevel.stars(for: Double(total), thresholds: settings.memberStars)
                if stars > 0 { out.append(Contribution(path: path, year: year, metric: StatMetric.memberStars(stars), value: 1)) }
            }
        }
        return out
    }

    /// The members' totals of a year: their approved events under the rules (applied over every year, so
    /// caps count in order). The one definition the counters and the ranking share.
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
