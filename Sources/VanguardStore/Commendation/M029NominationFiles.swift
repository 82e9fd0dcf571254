import SQLKit

/// 事迹材料附件: files beside a nomination's deeds (a photo of the work, a PDF of the materials), kept once
/// per content hash in `evidence_blobs` like a progress report's; read only by those who read the deeds.
struct M029NominationFiles: Migration {
    let version = 29
    let name = "nomination files"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "nomination_files")
            .column("id", type: .bigint, db.idColumn)
            .column("nomination_id", type: .bigint, .notNull, .references("nominations", "id"))
            .column("name", type: .text, .notNull)
            .column("content_type", type: .text, .notNull)
            .column("size", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull, .references("evidence_blobs", "sha256"))
            .column("added_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "nomination_files_nomination").on("nomination_files").column("nomination_id").run()
    }
}
