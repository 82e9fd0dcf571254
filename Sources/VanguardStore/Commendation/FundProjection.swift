import SQLKit
import VanguardCore

/// 基石工程's counters at the fund's committee in the fund's year: money received, awards paid, awards
/// reclaimed (booked entries only). Private: the fund's money is its office's.
struct FundProjection: Projection {
    typealias Contribution = StatsRepository.Contribution
    let name = "fund"
    let since = 24

    static func owns(metric: String) -> Bool { metric.hasPrefix("fund.") }
    func owns(metric: String) -> Bool { Self.owns(metric: metric) }

    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [Contribution] {
        var out: [Contribution] = []
        for chunk in changes.fundEntries.sorted().chunked(500) {
            out += try await Self.entries(db, where: "e.id IN (\(SQLList(chunk.map { SQLBind($0) })))")
        }
        return out
    }

    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws {
        add(try await Self.entries(db, where: "1 = 1"))
    }

    static func entries(_ db: any SQLDatabase, where filter: SQLQueryString) async throws -> [Contribution] {
        try await db.raw(
            """
            SELECT o.path, s.year, e.kind, CAST(SUM(e.amount) AS BIGINT) AS amount FROM fund_entries e JOIN fund_sources s ON s.id = e.source_id
            JOIN organizations o ON o.id = s.organization_id WHERE e.state = 'approved' AND
            """ + " " + filter + " GROUP BY o.path, s.year, e.kind"
        ).all().compactMap { row in
            guard let path = TreePath(try row.string("path")), let kind = FundEntryKind(rawValue: try row.string("kind")) else { return nil }
            return .init(path: path, year: try row.int("year"), metric: StatMetric.fund(kind), value: try row.int("amount"))
        }
    }
}
