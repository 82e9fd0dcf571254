import SQLKit
import VanguardCore

/// 积分与星级分布: each member's point total of a year and her star level, counted at her own
/// organization (`member.points`, `member.stars.N`). A total comes from the member's approved point
/// events under the rules of that year's campaign, so the counters change in the transactions that change
/// the events (a branch's automatic events synced, a manual entry approved, a transfer) and are rebuilt
/// when the office changes the rules or the star thresholds.
extension StatsRepository {
    /// What the members' points add now, from their events.
    static func points(_ db: any SQLDatabase, members ids: [Int64]) async throws -> [Contribution] {
        guard !ids.isEmpty else { return [] }
        var paths: [Int64: TreePath] = [:]
        var years: Set<Int> = []
        for chunk in ids.chunked(500) {
            let list = SQLList(chunk.map { SQLBind($0) })
            for row in try await db.raw("SELECT m.id, o.path FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.id IN (\(list))").all() {
                paths[try row.int64("id")] = TreePath(try row.string("path"))
            }
            for day in try await db.raw("SELECT DISTINCT day FROM point_events WHERE state = 'approved' AND member_id IN (\(list))").all(
                decodingColumn: "day", as: String.self)
            {
                if let d = CalendarDay(parsing: day) { years.insert(d.year) }
            }
        }
        var out: [Contribution] = []
        for year in years.sorted() {
            let settings = try await PointService.settings(db, year: year)
            var totals: [Int64: Int] = [:]
            for e in try await PointService.entries(db, memberIDs: ids, rules: settings.pointRules) where e.state == "approved" && e.day.year == year {
                totals[e.memberID, default: 0] += e.points
            }
            for (member, total) in totals {
                guard let path = paths[member] else { continue }
                out.append(Contribution(path: path, year: year, metric: StatMetric.memberPoints, value: total))
                let stars = StarLevel.stars(for: Double(total), thresholds: settings.memberStars)
                if stars > 0 { out.append(Contribution(path: path, year: year, metric: StatMetric.memberStars(stars), value: 1)) }
            }
        }
        return out
    }

    /// Runs `body`, which changes the members' events or where they belong, and adds what that changed.
    static func trackingPoints<T>(_ db: any SQLDatabase, members ids: [Int64], _ body: () async throws -> T) async throws -> T {
        try await tracking(db, { try await points(db, members: ids) }, body)
    }

    /// What members add where they belong — their points and stars, whether they committed — for a change
    /// of where they belong (a transfer): both go with them.
    static func memberFigures(_ db: any SQLDatabase, members ids: [Int64]) async throws -> [Contribution] {
        try await points(db, members: ids) + coverage(db, members: Set(ids))
    }

    static func trackingMembers<T>(_ db: any SQLDatabase, members ids: [Int64], _ body: () async throws -> T) async throws -> T {
        try await tracking(db, { try await memberFigures(db, members: ids) }, body)
    }

    /// Replaces every point counter by the events' under the current rules (after the rules change).
    static func rebuildPoints(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM stat_counters WHERE metric = \(bind: StatMetric.memberPoints) OR metric LIKE 'member.stars.%'").run()
        let members = try await db.raw("SELECT DISTINCT member_id FROM point_events WHERE state = 'approved'").all(decodingColumn: "member_id", as: Int64.self)
        var own: [Key: Int] = [:]
        var paths: [Int64: TreePath] = [:]
        for c in try await points(db, members: members) {
            own[Key(organizationID: c.path.id, year: c.year, metric: c.metric), default: 0] += c.value
            paths[c.path.id] = c.path
        }
        try await insert(db, rolledUp(own, paths: paths))
    }
}
