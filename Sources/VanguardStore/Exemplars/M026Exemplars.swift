import SQLKit
import VanguardCore

/// 典型: the office's stories of exemplary organizations and members, with photos (in `evidence_blobs`),
/// published on the public campaign page.
struct M026Exemplars: Migration {
    let version = 26
    let name = "exemplars with photos"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "exemplars")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("subject_organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("subject_member_id", type: .bigint, .references("members", "id"))
            .column("source", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("story", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .column("published_at", type: .bigint)
            .run()
        try await db.create(index: "exemplars_organization").on("exemplars").column("organization_id").column("id").run()
        try await db.create(index: "exemplars_state").on("exemplars").column("state").column("published_at").run()
        try await db.create(table: "exemplar_photos")
            .column("id", type: .bigint, db.idColumn)
            .column("exemplar_id", type: .bigint, .notNull, .references("exemplars", "id"))
            .column("name", type: .text, .notNull)
            .column("content_type", type: .text, .notNull)
            .column("size", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull, .references("evidence_blobs", "sha256"))
            .run()
        try await db.create(index: "exemplar_photos_exemplar").on("exemplar_photos").column("exemplar_id").run()
    }
}
