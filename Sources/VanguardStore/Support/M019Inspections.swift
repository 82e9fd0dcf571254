import SQLKit
import VanguardCore

/// 巡回检查: inspection groups of an organizing organization with their members (accounts), each quarter's
/// plan (which group inspects which unit), the checklist (data) and the inspections recorded.
struct M019Inspections: Migration {
    let version = 19
    let name = "inspection tours"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "inspection_checks")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("title", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .run()
        for (i, c) in InspectionCheck.defaults.enumerated() {
            try await db.insert(into: "inspection_checks").columns("code", "title", "position").values(SQLBind(c.code), SQLBind(c.title), SQLBind(i)).run()
        }
        try await db.create(table: "inspection_groups")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("name", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "inspection_groups_organization").on("inspection_groups").column("organization_id").run()
        try await db.create(table: "inspection_group_members")
            .column("group_id", type: .bigint, .notNull, .references("inspection_groups", "id"))
            .column("user_id", type: .bigint, .notNull, .references("users", "id"))
            .primaryKey("group_id", "user_id")
            .run()
        try await db.create(index: "inspection_group_members_user").on("inspection_group_members").column("user_id").run()
        try await db.create(table: "inspection_plans")
            .column("id", type: .bigint, db.idColumn)
            .column("group_id", type: .bigint, .notNull, .references("inspection_groups", "id"))
            .column("quarter", type: .text, .notNull)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .unique("group_id", "quarter", "organization_id")
            .run()
        try await db.create(index: "inspection_plans_quarter").on("inspection_plans").column("quarter").column("organization_id").run()
        try await db.create(table: "inspections")
            .column("id", type: .bigint, db.idColumn)
            .column("plan_id", type: .bigint, .notNull, .references("inspection_plans", "id"))
            .column("inspected_on", type: .text, .notNull)
            .column("results", type: .text, .notNull)
            .column("findings", type: .text, .notNull)
            .column("score", type: .int, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        // One record per planned inspection: a second is a correction, not a second tour.
        try await db.create(index: "inspections_plan").unique().on("inspections").column("plan_id").run()
    }
}
