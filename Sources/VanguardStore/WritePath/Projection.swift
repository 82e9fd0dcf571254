import NIOConcurrencyHelpers
import SQLKit
import VanguardCore

/// 投影: derived data kept from the facts — counters, point events. A projection answers one question,
/// "what do these subjects contribute now?", and both its incremental update (the difference of two
/// answers around a change) and its rebuild (the answer for every subject) come from that one answer,
/// so the two cannot disagree.
protocol Projection: Sendable {
    /// Its name in `vanguard verify`'s report.
    var name: String { get }
    /// The migration that made its tables: a migration before it rebuilds the counters without it.
    var since: Int { get }
    /// Whether a counter's metric is this projection's to keep.
    func owns(metric: String) -> Bool
    /// What the subjects of `changes` contribute to the statistics counters now.
    func contributions(_ db: any SQLDatabase, _ changes: Changes) async throws -> [StatsRepository.Contribution]
    /// Brings rows the projection keeps itself (not counters) in line with the facts of `changes`; runs
    /// after the change and before the second reading.
    func settle(_ db: any SQLDatabase, _ changes: Changes, now: Int64) async throws
    /// Every counter contribution of every subject there is, handed to `add` chunk by chunk.
    func everything(_ db: any SQLDatabase, add: @escaping ContributionStream.Sink) async throws
    /// Its own rows that differ from the facts (each named), for `vanguard verify`.
    func differences(_ db: any SQLDatabase) async throws -> [String]
    /// Replaces its own rows by the facts' (counters are rebuilt by `WritePath.rebuild`).
    func rebuildRows(_ db: any SQLDatabase, now: Int64) async throws
}

extension Projection {
    var since: Int { 0 }
    func settle(_ db: any SQLDatabase, _ changes: Changes, now: Int64) async throws {}
    func differences(_ db: any SQLDatabase) async throws -> [String] { [] }
    func rebuildRows(_ db: any SQLDatabase, now: Int64) async throws {}
}

/// 写入路径: every change of facts that derived data follows goes through `changing`, inside the
/// command's one transaction. The registered projections read what the named subjects contribute,
/// the change runs, each projection settles its own rows, reads again, and the difference is added to
/// the counters — so no caller has a derived figure to remember.
enum WritePath {
    /// The registered projections (each capability lists its own), in the order they settle.
    static let projections: [any Projection] = StoreCapabilities.all.flatMap { $0.projections }

    /// Runs `body`, which changes the facts of `changes`, and brings every projection along.
    static func changing<T>(_ db: any SQLDatabase, _ changes: Changes, now: Int64, _ body: () async throws -> T) async throws -> T {
        try await changing(db, changes, now: now, body, also: { _ in changes })
    }

    /// `changing` for a body that creates a subject: `also` names, from its result, what it created.
    static func changing<T>(
        _ db: any SQLDatabase, _ changes: Changes, now: Int64, _ body: () async throws -> T, also: (T) -> Changes
    ) async throws -> T {
        // A change inside another would be read twice by the outer one: refused, so it cannot happen unseen.
        guard !inChange else { throw WritePathError.nestedChange }
        return try await $inChange.withValue(true) { try await unnested(db, changes, now: now, body, also: also) }
    }

    @TaskLocal static var inChange = false

    private static func unnested<T>(
        _ db: any SQLDatabase, _ changes: Changes, now: Int64, _ body: () async throws -> T, also: (T) -> Changes
    ) async throws -> T {
        var before: [StatsRepository.Contribution] = []
        for p in projections { before += try await p.contributions(db, changes) }
        let result = try await body()
        let after = also(result)
        var current: [StatsRepository.Contribution] = []
        for p in projections {
            try await p.settle(db, after, now: now)
            current += try await p.contributions(db, after)
        }
        try await StatsRepository.apply(db, after: current, before: before)
        return result
    }

    /// The projections that follow recorded events: the audit record, then the notifications.
    static let eventProjections: [any EventProjection] = [AuditProjection(), NotificationProjection()]

    /// Records what a command did; every event projection applies it, in the command's transaction.
    static func record(_ db: any SQLDatabase, _ event: DomainEvent) async throws {
        for p in eventProjections { try await p.apply(db, event) }
    }

    /// Every counter from the facts alone: the sum of what every subject contributes, rolled up the tree.
    static func computed(_ db: any SQLDatabase, projections: [any Projection] = projections) async throws -> [StatsRepository.Key: (own: Int, subtree: Int)] {
        let (own, paths) = try await computedOwn(db, projections: projections)
        return StatsRepository.rolledUp(own, paths: paths)
    }

    /// What every subject contributes, summed per organization (not yet rolled up), and where each is.
    static func computedOwn(_ db: any SQLDatabase, projections: [any Projection]) async throws -> (own: [StatsRepository.Key: Int], paths: [Int64: TreePath]) {
        let sums = NIOLockedValueBox((own: [StatsRepository.Key: Int](), paths: [Int64: TreePath]()))
        for p in projections {
            try await p.everything(db) { chunk in
                sums.withLockedValue { sums in
                    for c in chunk where c.value != 0 {
                        sums.own[.init(organizationID: c.path.id, year: c.year, metric: c.metric), default: 0] += c.value
                        if sums.paths[c.path.id] == nil { sums.paths[c.path.id] = c.path }
                    }
                }
            }
        }
        return sums.withLockedValue { $0 }
    }

    /// The projections whose tables exist once migration `version` ran (nil: all of them).
    static func projections(at version: Int?) -> [any Projection] {
        guard let version else { return projections }
        return projections.filter { $0.since <= version }
    }

    /// Replaces every projection's rows and every counter by the facts' (after a bulk load; a migration
    /// names its version, so projections whose tables come later are left out).
    static func rebuild(_ db: any SQLDatabase, now: Int64, atVersion version: Int? = nil) async throws {
        // After a bulk load in this transaction PostgreSQL knows nothing of the new rows yet; without
        // statistics it once planned a rebuild query that ran for most of an hour.
        if db.engine == .postgres {
            try await db.exec(
                "ANALYZE organizations, members, commitments, commitment_items, commitment_exemptions, determinations, evaluation_rounds, evaluation_targets, evaluation_counts, evaluation_results, point_events"
            )
            // A rebuild groups whole tables: its sorts in memory, not in temporary files (this transaction only).
            try await BulkLoad.atLeast(db, "work_mem", "256MB")
        }
        try await $atVersion.withValue(version) {
            for p in projections(at: version) { try await p.rebuildRows(db, now: now) }
            // The rows just written (point events) are read back by the counters: the planner learns of them first.
            if db.engine == .postgres { try await db.exec("ANALYZE point_events") }
            try await rebuildCounters(db, atVersion: version)
        }
    }

    /// The migration a rebuild runs in (nil outside migrations): a projection reading a table that later
    /// migration made leaves it out below that version (see `PointsProjection.earned`).
    @TaskLocal static var atVersion: Int?

    /// Replaces every counter by the facts'.
    static func rebuildCounters(_ db: any SQLDatabase, atVersion version: Int? = nil) async throws {
        try await db.raw("DELETE FROM stat_counters").run()
        try await StatsRepository.insertRollingUp(db, own: try await computedOwn(db, projections: projections(at: version)).own)
    }

    /// Replaces one projection's rows and counters by the facts' (when a rule it follows changed: the
    /// point rules or star thresholds).
    static func rebuild(_ db: any SQLDatabase, only projection: any Projection, now: Int64) async throws {
        try await projection.rebuildRows(db, now: now)
        let metrics = try await db.raw("SELECT DISTINCT metric FROM stat_counters").all(decodingColumn: "metric", as: String.self)
            .filter(projection.owns(metric:))
        for chunk in metrics.chunked(200) {
            try await db.raw("DELETE FROM stat_counters WHERE metric IN (\(SQLList(chunk.map { SQLBind($0) })))").run()
        }
        try await StatsRepository.insertRollingUp(db, own: try await computedOwn(db, projections: [projection]).own)
    }

    /// What differs from the facts: each projection's own rows, then every counter.
    static func differences(_ db: any SQLDatabase) async throws -> [String] {
        var out: [String] = []
        for p in projections { out += try await p.differences(db).map { "\(p.name): \($0)" } }
        return out
    }
}

/// A defect of the code, not of the input: a change named inside another change.
enum WritePathError: Error, CustomStringConvertible {
    case nestedChange
    var description: String { "写入路径嵌套 / a change was made inside another change's reading" }
}
