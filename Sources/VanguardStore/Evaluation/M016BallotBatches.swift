import SQLKit

/// 评议码批次: codes are issued in batches whose codes the server can derive again from its ballot key
/// (never stored in clear), so a lost or spoiled print can be printed again; each reprint is audited.
struct M016BallotBatches: Migration {
    let version = 16
    let name = "ballot code batches"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "ballot_batches")
            .column("id", type: .bigint, db.idColumn)
            .column("round_id", type: .bigint, .notNull, .references("evaluation_rounds", "id"))
            .column("size", type: .int, .notNull)
            .column("issued_by", type: .text, .notNull)
            .column("issued_at", type: .bigint, .notNull)
            .column("reprints", type: .int, .notNull, .default(0))
            .run()
        try await db.create(index: "ballot_batches_round").on("ballot_batches").column("round_id").run()
    }
}
