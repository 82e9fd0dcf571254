import SQLKit
import VanguardCore

/// 督查帮扶's counters: what backward designations (designated, paired, lifted — in the year designated)
/// and rectification items (by state, and overdue — in the year opened) contribute at their unit's
/// organization. One query per figure over a filter of subjects, for the update and the rebuild alike.
struct SupportProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "support"
    let since = 17

    static func owns(metric: String) -> Bool { StatMetric.isPrivate(metric) }
    func owns(metric: String) -> Bool { Self.owns(metric: metric) }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        var out: [Contribution] = []
        for chunk in changes.designations.sorted().chunked(500) {
            out += try await Self.designations(db, where: "d.id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        for chunk in changes.rectifications.sorted().chunked(500) {
            out += try await Self.items(db, where: "r.id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        return out
    }

    func everything(_ db: any SQLDatabase, add: ([Contribution]) -> Void) async throws {
        add(try await Self.designations(db, where: "1 = 1"))
        for range in try await StatisticsProjection.idRanges(db, table: "rectification_items") {
            add(try await Self.items(db, where: "r.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
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
}
