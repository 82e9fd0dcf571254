import SQLKit
import VanguardCore

/// 报告报送's counters, at the reporting organization in the call's year, per period: due (应报), received
/// (已报: waiting or accepted), accepted and late (first submitted after the due date). A dissolved
/// organization is no longer due, unless its report had come in.
struct WorkReportProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "work reports"
    let since = 27

    static func owns(metric: String) -> Bool { metric.hasPrefix("report.") }
    func owns(metric: String) -> Bool { Self.owns(metric: metric) }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        var out: [Contribution] = []
        let calls = changes.reportCalls.sorted()
        for chunk in calls.chunked(500) {
            out += try await Self.reports(db, where: "r.call_id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        // Reports named one by one or by their organization, each once, and none of the calls above.
        var seen = Set<Int64>()
        let notCalled: SQLQueryString = calls.isEmpty ? "" : " AND r.call_id NOT IN (\(SQLList(calls.map { SQLBind($0) })))"
        for chunk in changes.workReports.sorted().chunked(500) {
            out += try await Self.reports(db, where: "r.id IN (\(SQLList(chunk.map { SQLBind($0) })))" + notCalled, seen: &seen)
        }
        for chunk in changes.organizations.sorted().chunked(500) {
            out += try await Self.reports(db, where: "r.organization_id IN (\(SQLList(chunk.map { SQLBind($0) })))" + notCalled, seen: &seen)
        }
        return out
    }

    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws {
        for range in try await StatisticsProjection.idRanges(db, table: "work_reports") {
            add(try await Self.reports(db, where: "r.id BETWEEN \(bind: range.lowerBound) AND \(bind: range.upperBound)"))
        }
    }

    static let query: SQLQueryString =
        "FROM work_reports r JOIN report_calls c ON c.id = r.call_id JOIN organizations o ON o.id = r.organization_id WHERE "

    /// What the reports `filter` selects add, counted in the database.
    static func reports(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        var out: [Contribution] = []
        for row in try await db.raw(
            "SELECT o.path, c.year, c.period, r.state, r.late, o.dissolved, COUNT(*) AS n " + query + filter
                + " GROUP BY o.path, c.year, c.period, r.state, r.late, o.dissolved"
        ).all() {
            out += try contribution(row, count: try row.int("n"))
        }
        return out
    }

    /// The same, read row by row and each report once (`seen`), for reports named apart.
    static func reports(_ db: any SQLDatabase, where filter: SQLQueryString, seen: inout Set<Int64>) async throws -> [Contribution] {
        var out: [Contribution] = []
        for row in try await db.raw("SELECT r.id, o.path, c.year, c.period, r.state, r.late, o.dissolved " + query + filter).all()
        where seen.insert(try row.int64("id")).inserted {
            out += try contribution(row, count: 1)
        }
        return out
    }

    static func contribution(_ row: any SQLRow, count: Int) throws -> [Contribution] {
        guard let path = TreePath(try row.string("path")), let period = ReportPeriod(rawValue: try row.string("period")),
            let state = WorkReportState(rawValue: try row.string("state"))
        else { return [] }
        let year = try row.int("year")
        guard !(try row.bool("dissolved")) || state.received else { return [] }
        var out = [Contribution(path: path, year: year, metric: StatMetric.reportsDue(period), value: count)]
        if state.received { out.append(.init(path: path, year: year, metric: StatMetric.reportsReceived(period), value: count)) }
        if state == .accepted { out.append(.init(path: path, year: year, metric: StatMetric.reportsAccepted(period), value: count)) }
        if try row.bool("late") { out.append(.init(path: path, year: year, metric: StatMetric.reportsLate(period), value: count)) }
        return out
    }
}
