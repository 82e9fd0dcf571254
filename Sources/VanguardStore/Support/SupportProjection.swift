import SQLKit
import VanguardCore

/// 督查帮扶's counters: what backward designations (designated, paired, lifted — in the year designated),
/// rectification items (by state, and overdue — in the year opened; an inspection's also as its finding
/// in the inspection's quarter), contact-point visits and inspections (by quarter) contribute at their
/// unit's organization. One query per figure over a filter of subjects, for the update and the rebuild alike.
struct SupportProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "support"
    let since = 17

    static func owns(metric: String) -> Bool { StatMetric.isSupport(metric) }
    func owns(metric: String) -> Bool { Self.owns(metric: metric) }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        var out: [Contribution] = []
        for chunk in changes.designations.sorted().chunked(500) {
            out += try await Self.designations(db, where: "d.id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        for chunk in changes.rectifications.sorted().chunked(500) {
            let ids: SQLQueryString = "r.id IN (\(SQLList(chunk.map { SQLBind($0) })))"
            out += try await Self.items(db, where: ids)
            out += try await Self.findings(db, where: ids)
        }
        for chunk in changes.visits.sorted().chunked(500) {
            out += try await Self.visits(db, where: "v.id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        for chunk in changes.inspections.sorted().chunked(500) {
            out += try await Self.inspections(db, where: "i.id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        return out
    }

    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws {
        add(try await Self.designations(db, where: "1 = 1"))
        for range in try await StatisticsProjection.idRanges(db, table: "rectification_items") {
            add(try await Self.items(db, where: "r.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
            add(try await Self.findings(db, where: "r.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
        for range in try await StatisticsProjection.idRanges(db, table: "contact_visits") {
            add(try await Self.visits(db, where: "v.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
        add(try await Self.inspections(db, where: "1 = 1"))
    }

    static func designations(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        var out: [Contribution] = []
        for row in try await db.raw(
            """
            SELECT o.path, d.year, d.kind, COUNT(*) AS n, CAST(SUM(CASE WHEN d.state = 'lifted' THEN 1 ELSE 0 END) AS BIGINT) AS lifted,
              CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM pairings p WHERE p.designation_id = d.id) THEN 1 ELSE 0 END) AS BIGINT) AS paired
            FROM backward_designations d JOIN organizations o ON o.id = d.organization_id WHERE
            """ + " " + filter + " GROUP BY o.path, d.year, d.kind"
        ).all() {
            guard let path = TreePath(try row.string("path")), let kind = BackwardKind(rawValue: try row.string("kind")) else { continue }
            let year = try row.int("year")
            out.append(.init(path: path, year: year, metric: StatMetric.backwardDesignated(kind), value: try row.int("n")))
            out.append(.init(path: path, year: year, metric: StatMetric.backwardLifted(kind), value: try row.decode(column: "lifted", as: Int?.self) ?? 0))
            out.append(.init(path: path, year: year, metric: StatMetric.backwardPaired(kind), value: try row.decode(column: "paired", as: Int?.self) ?? 0))
        }
        return out
    }

    static func items(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        var out: [Contribution] = []
        for row in try await db.raw(
            """
            SELECT o.path, substr(r.opened_on, 1, 4) AS y, r.state, COUNT(*) AS n,
              CAST(SUM(CASE WHEN r.overdue = \(bind: true) AND r.state <> 'checked_off' THEN 1 ELSE 0 END) AS BIGINT) AS overdue
            FROM rectification_items r JOIN organizations o ON o.id = r.organization_id WHERE
            """ + " " + filter + " GROUP BY o.path, substr(r.opened_on, 1, 4), r.state"
        ).all() {
            guard let path = TreePath(try row.string("path")), let state = RectificationState(rawValue: try row.string("state")),
                let year = Int(try row.string("y"))
            else { continue }
            out.append(.init(path: path, year: year, metric: StatMetric.rectifications(state), value: try row.int("n")))
            out.append(.init(path: path, year: year, metric: StatMetric.rectificationsOverdue, value: try row.decode(column: "overdue", as: Int?.self) ?? 0))
        }
        return out
    }

    /// A visit counts in its quarter, and counts its point as visited when it is the point's first visit
    /// by that leader in the quarter (the smallest id, so a later record of an earlier day changes nothing).
    static func visits(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        var out: [Contribution] = []
        for row in try await db.raw(
            """
            SELECT o.path, CAST(substr(v.visited_on, 1, 4) AS INTEGER) AS y, (CAST(substr(v.visited_on, 6, 2) AS INTEGER) + 2) / 3 AS q, COUNT(*) AS n,
              CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM contact_visits e WHERE e.member_id = v.member_id AND e.organization_id = v.organization_id
                AND e.id < v.id AND substr(e.visited_on, 1, 4) = substr(v.visited_on, 1, 4)
                AND (CAST(substr(e.visited_on, 6, 2) AS INTEGER) + 2) / 3 = (CAST(substr(v.visited_on, 6, 2) AS INTEGER) + 2) / 3)
                THEN 0 ELSE 1 END) AS BIGINT) AS first
            FROM contact_visits v JOIN organizations o ON o.id = v.organization_id WHERE
            """ + " " + filter + " GROUP BY o.path, CAST(substr(v.visited_on, 1, 4) AS INTEGER), (CAST(substr(v.visited_on, 6, 2) AS INTEGER) + 2) / 3"
        ).all() {
            guard let path = TreePath(try row.string("path")) else { continue }
            let (year, quarter) = (try row.int("y"), try row.int("q"))
            out.append(.init(path: path, year: year, metric: StatMetric.visits(quarter: quarter), value: try row.int("n")))
            out.append(
                .init(path: path, year: year, metric: StatMetric.pointsVisited(quarter: quarter), value: try row.decode(column: "first", as: Int?.self) ?? 0))
        }
        return out
    }

    /// An inspection counts in its plan's quarter, at the inspected unit.
    static func inspections(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        try await db.raw(
            """
            SELECT o.path, p.quarter, COUNT(*) AS n FROM inspections i JOIN inspection_plans p ON p.id = i.plan_id
            JOIN organizations o ON o.id = p.organization_id WHERE
            """ + " " + filter + " GROUP BY o.path, p.quarter"
        ).all().compactMap { row in
            guard let path = TreePath(try row.string("path")), let q = Quarter(try row.string("quarter")) else { return nil }
            return .init(path: path, year: q.year, metric: StatMetric.inspections(quarter: q.quarter), value: try row.int("n"))
        }
    }

    /// An inspection's problem counts as a finding in the inspection's quarter, at the unit.
    static func findings(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        try await db.raw(
            """
            SELECT o.path, p.quarter, COUNT(*) AS n FROM rectification_items r JOIN inspections i ON i.id = r.source_id
            JOIN inspection_plans p ON p.id = i.plan_id JOIN organizations o ON o.id = r.organization_id WHERE r.source = 'inspection' AND
            """ + " " + filter + " GROUP BY o.path, p.quarter"
        ).all().compactMap { row in
            guard let path = TreePath(try row.string("path")), let q = Quarter(try row.string("quarter")) else { return nil }
            return .init(path: path, year: q.year, metric: StatMetric.inspectionFindings(quarter: q.quarter), value: try row.int("n"))
        }
    }
}
