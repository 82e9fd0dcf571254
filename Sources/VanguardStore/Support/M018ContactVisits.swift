import SQLKit

/// 联系点调研指导: each visit of a leader to a contact point (its problems may open rectification items).
struct M018ContactVisits: Migration {
    let version = 18
    let name = "contact point visits"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "contact_visits")
            .column("id", type: .bigint, db.idColumn)
            .column("member_id", type: .bigint, .notNull, .references("members", "id"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("visited_on", type: .text, .notNull)
            .column("participants", type: .text, .notNull)
            .column("examined", type: .text, .notNull)
            .column("problems", type: .text, .notNull)
            .column("guidance", type: .text, .notNull)
            .column("solved", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "contact_visits_organization").on("contact_visits").column("organization_id").column("visited_on").run()
        try await db.create(index: "contact_visits_member").on("contact_visits").column("member_id").column("visited_on").run()
    }
}
