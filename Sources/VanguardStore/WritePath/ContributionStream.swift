import NIOConcurrencyHelpers
import SQLKit

/// Contributions streamed from a query: each row mapped as the database sends it and handed on, so a
/// rebuild's answer for a whole province (millions of grouped rows) never sits in memory at once.
enum ContributionStream {
    typealias Contribution = StatsRepository.Contribution
    typealias Sink = @Sendable ([Contribution]) -> Void

    /// Runs `sql` and hands each row's contributions to `add`; a row that does not decode fails the query.
    static func run(
        _ db: any SQLDatabase, _ sql: SQLQueryString, add: @escaping Sink, _ map: @escaping @Sendable (any SQLRow) throws -> [Contribution]
    ) async throws {
        let failure = NIOLockedValueBox<(any Error)?>(nil)
        try await db.raw(sql).run { row in
            do { add(try map(row)) } catch { failure.withLockedValue { if $0 == nil { $0 = error } } }
        }
        if let error = failure.withLockedValue({ $0 }) { throw error }
    }

    /// Everything `body` hands to its sink, collected (the few rows a command's change touches).
    static func collect(_ body: (@escaping Sink) async throws -> Void) async throws -> [Contribution] {
        let all = NIOLockedValueBox<[Contribution]>([])
        try await body { c in all.withLockedValue { $0 += c } }
        return all.withLockedValue { $0 }
    }
}
