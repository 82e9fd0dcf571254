import SQLKit

/// 组织认定 (评诺): the year's determination per organization and member — the proposal the rules
/// computed, the grade decided, and the reason when it differs.
struct M005Determination: Migration {
    let version = 5
    let name = "determination"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "determinations")
            .column("id", type: .bigint, db.idColumn)
            .column("year", type: .int, .notNull)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("fulfilment_rate", type: .custom(SQLRaw("DOUBLE PRECISION")))
            .column("satisfaction_rate", type: .custom(SQLRaw("DOUBLE PRECISION")))
            .column("proposed_score", type: .custom(SQLRaw("DOUBLE PRECISION")))
            .column("proposed_grade", type: .text)
            .column("grade", type: .text, .notNull)
            .column("reason", type: .text)
            .column("decided_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "determinations_subject").on("determinations").column("year").column("organization_id").column("member_id").run()
    }
}
