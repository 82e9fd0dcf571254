import SQLKit
import VanguardCore

/// 评选表彰's counters, at the nominee's organization in the round's year: nominated (every nomination
/// not returned, private), on notice, commended by title and level (and of members, women and those 35 or
/// younger; by the organization's sector), revoked. Points for a title are the
/// points projection's (`PointsProjection` reads commended nominations as events).
struct CommendationProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "commendation"
    let since = 23

    static func owns(metric: String) -> Bool { metric.hasPrefix("commendation.") }
    func owns(metric: String) -> Bool { Self.owns(metric: metric) }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        // Nominations named, and those of members and organizations whose record changed (sex, age, sector), each once.
        var seen = Set<Int64>()
        var out: [Contribution] = []
        let sets: [(Set<Int64>, String)] = [(changes.nominations, "n.id"), (changes.members, "n.member_id"), (changes.organizations, "n.organization_id")]
        for (ids, column) in sets {
            for chunk in ids.sorted().chunked(500) {
                let rows = try await Self.rows(db, where: "\(unsafeRaw: column) IN (\(SQLList(chunk.map { SQLBind($0) })))", grouped: false)
                for row in rows where seen.insert(try row.int64("id")).inserted { out += try Self.contribution(row, count: 1) }
            }
        }
        return out
    }

    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws {
        for range in try await StatisticsProjection.idRanges(db, table: "nominations") {
            add(try await Self.nominations(db, where: "n.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
    }

    static func nominations(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        var out: [Contribution] = []
        for row in try await rows(db, where: filter, grouped: true) { out += try contribution(row, count: try row.int("n")) }
        return out
    }

    /// The nominations `filter` selects with what their counters read: grouped and counted in the database
    /// (the rebuild), or one row each with its id (a command's few, each counted once).
    static func rows(_ db: any SQLDatabase, where filter: SQLQueryString, grouped: Bool) async throws -> [any SQLRow] {
        let columns = "o.path, o.sector, r.year, r.level, n.title, n.state, m.gender, substr(m.birth_date, 1, 4)"
        let head: SQLQueryString =
            grouped ? "SELECT \(unsafeRaw: columns) AS born, COUNT(*) AS n" : "SELECT n.id, \(unsafeRaw: columns) AS born"
        let tail: SQLQueryString = grouped ? " GROUP BY \(unsafeRaw: columns)" : ""
        return try await db.raw(
            head
                + """
                 FROM nominations n JOIN commendation_rounds r ON r.id = n.round_id JOIN organizations o ON o.id = n.organization_id
                LEFT JOIN members m ON m.id = n.member_id WHERE
                """ + " " + filter + tail
        ).all()
    }

    static func contribution(_ row: any SQLRow, count: Int) throws -> [Contribution] {
        guard let path = TreePath(try row.string("path")), let state = NominationState(rawValue: try row.string("state")),
            let level = CommendationLevel(rawValue: try row.string("level"))
        else { return [] }
        let (year, title) = (try row.int("year"), try row.string("title"))
        var out: [Contribution] = []
        if state != .returned { out.append(.init(path: path, year: year, metric: StatMetric.nominated, value: count)) }
        switch state {
        case .onNotice: out.append(.init(path: path, year: year, metric: StatMetric.onNotice, value: count))
        case .commended:
            out.append(.init(path: path, year: year, metric: StatMetric.commended(title: title, level: level), value: count))
            if let sector = Sector(rawValue: try row.string("sector")) {
                out.append(.init(path: path, year: year, metric: StatMetric.commendedInSector(sector), value: count))
            }
            // A member's: of them women, and those 35 or younger in the round's year (第十二表).
            if try row.optionalString("gender") == Gender.female.rawValue {
                out.append(.init(path: path, year: year, metric: StatMetric.commendedWomen(title: title, level: level), value: count))
            }
            if let born = try row.optionalString("born").flatMap({ Int($0) }), year - born <= 35 {
                out.append(.init(path: path, year: year, metric: StatMetric.commendedYoung(title: title, level: level), value: count))
            }
        case .revoked: out.append(.init(path: path, year: year, metric: StatMetric.revoked, value: count))
        case .pending, .shortlisted, .returned, .withdrawn: break
        }
        return out
    }
}
