import SQLKit

/// 群众评议: rounds with their targets, one-time ballot codes (hashes only), answer counters, remarks and
/// the results frozen at close. A ballot leaves no row that could be linked back to its code: the code
/// row only flips `used`, answers only increment counters, and a remark joins its target's pool at a
/// random place — there is no ballot row at all whose key, time or order could follow the codes'.
struct M004MassEvaluation: Migration {
    let version = 4
    let name = "mass evaluation"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "evaluation_rounds")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("title", type: .text, .notNull)
            .column("period", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("counted_answers", type: .text, .notNull)
            .column("codes_issued", type: .int, .notNull, .default(0))
            .column("ballots", type: .int, .notNull, .default(0))
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .column("closed_at", type: .bigint)
            .run()
        try await db.create(index: "evaluation_rounds_organization").on("evaluation_rounds").column("organization_id").run()

        try await db.create(table: "evaluation_targets")
            .column("id", type: .bigint, db.idColumn)
            .column("round_id", type: .bigint, .notNull, .references("evaluation_rounds", "id"))
            .column("position", type: .int, .notNull)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("name", type: .text, .notNull)
            .run()
        try await db.create(index: "evaluation_targets_round").on("evaluation_targets").column("round_id").run()

        try await db.create(table: "ballot_codes")
            .column("code_hash", type: .text, .primaryKey(autoIncrement: false))
            .column("round_id", type: .bigint, .notNull, .references("evaluation_rounds", "id"))
            .column("used", type: .boolean, .notNull, .default(false))
            .run()

        try await db.create(table: "evaluation_counts")
            .column("target_id", type: .bigint, .notNull, .references("evaluation_targets", "id"))
            .column("answer", type: .text, .notNull)
            .column("n", type: .bigint, .notNull, .default(0))
            .primaryKey("target_id", "answer")
            .run()

        // 意见建议: one pool per target, a JSON array into which each remark goes at a random place, so
        // neither the rows nor their order say which ballot (and so which code) wrote which remark.
        try await db.create(table: "evaluation_remarks")
            .column("target_id", type: .bigint, .primaryKey(autoIncrement: false), .references("evaluation_targets", "id"))
            .column("texts", type: .text, .notNull)
            .run()

        try await db.create(table: "evaluation_results")
            .column("target_id", type: .bigint, .primaryKey(autoIncrement: false), .references("evaluation_targets", "id"))
            .column("satisfied", type: .bigint, .notNull)
            .column("basically_satisfied", type: .bigint, .notNull)
            .column("dissatisfied", type: .bigint, .notNull)
            .column("rate", type: .custom(SQLRaw("DOUBLE PRECISION")))
            .run()
    }
}
