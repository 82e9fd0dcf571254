import SQLKit

/// 统计汇总: one row per organization, year and metric with the organization's own count and its
/// subtree's, kept by the writes themselves; the existing facts are counted once here.
struct M009Statistics: Migration {
    let version = 9
    let name = "statistics"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "stat_counters")
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .column("metric", type: .text, .notNull)
            .column("own", type: .bigint, .notNull, .default(0))
            .column("subtree", type: .bigint, .notNull, .default(0))
            .primaryKey("organization_id", "year", "metric")
            .run()
        try await WritePath.rebuildCounters(db, atVersion: version)
    }
}
