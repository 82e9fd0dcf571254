import SQLKit
import VanguardCore

/// 示范点: the criteria (data, the "五个好" seeded) and the proposals of contact points as demonstration
/// points; one running 城乡结对 per rural organization; and the counters of 调研指导 and 巡回检查 by quarter, computed from the visits and
/// inspections already recorded.
struct M021Demonstration: Migration {
    let version = 21
    let name = "demonstration points, urban-rural pairings, visits and inspections counted by quarter"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "demonstration_criteria")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("title", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .run()
        for (i, c) in DemonstrationCriterion.defaults.enumerated() {
            try await db.insert(into: "demonstration_criteria").columns("code", "title", "position")
                .values(SQLBind(c.code), SQLBind(c.title), SQLBind(i)).run()
        }
        try await db.create(table: "demonstration_points")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("criteria", type: .text, .notNull)
            .column("note", type: .text, .notNull)
            .column("satisfaction", type: .custom(SQLRaw("DOUBLE PRECISION")))
            .column("state", type: .text, .notNull)
            .column("proposed_by", type: .text, .notNull)
            .column("proposed_on", type: .text, .notNull)
            .column("decided_by", type: .text)
            .column("decided_on", type: .text)
            .column("decision_note", type: .text)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "demonstration_points_organization").on("demonstration_points").column("organization_id").run()
        // One live proposal or title per organization: two leaders proposing at once get one.
        try await db.exec(
            "CREATE UNIQUE INDEX demonstration_points_live ON demonstration_points (organization_id) WHERE state IN ('proposed', 'approved')")
        // 城乡结对: one running pairing per rural organization, however many city organizations join it.
        try await db.exec("CREATE UNIQUE INDEX pairings_urban_rural_live ON pairings (organization_id) WHERE kind = 'urban_rural' AND state = 'active'")
        try await WritePath.rebuildCounters(db, atVersion: version)  // visits and inspections by quarter, from what was recorded
    }
}
