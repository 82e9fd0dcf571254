import SQLKit
import VanguardCore

/// 通知公告: a notice from an organization to organizations below it, with files (kept once per content
/// hash in `evidence_blobs`, like a progress report's) and one receipt (签收) per organization addressed.
/// A notice to the level below or the whole subtree keeps no list of recipients — the tree is the list —
/// so a notice to a province is one row, and its "not yet signed" list is read from the tree.
struct M025Announcements: Migration {
    let version = 25
    let name = "announcements with files and receipts"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "announcements")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("audience", type: .text, .notNull)
            .column("title", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("sent_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "announcements_organization").on("announcements").column("organization_id").column("id").run()
        // 指定组织 of a notice to chosen organizations.
        try await db.create(table: "announcement_targets")
            .column("announcement_id", type: .bigint, .notNull, .references("announcements", "id"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .primaryKey("announcement_id", "organization_id")
            .run()
        try await db.create(index: "announcement_targets_organization").on("announcement_targets").column("organization_id").run()
        try await db.create(table: "announcement_files")
            .column("id", type: .bigint, db.idColumn)
            .column("announcement_id", type: .bigint, .notNull, .references("announcements", "id"))
            .column("name", type: .text, .notNull)
            .column("content_type", type: .text, .notNull)
            .column("size", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull, .references("evidence_blobs", "sha256"))
            .run()
        try await db.create(index: "announcement_files_announcement").on("announcement_files").column("announcement_id").run()
        try await db.create(table: "announcement_receipts")
            .column("announcement_id", type: .bigint, .notNull, .references("announcements", "id"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("signed_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .primaryKey("announcement_id", "organization_id")
            .run()
        try await db.create(index: "announcement_receipts_organization").on("announcement_receipts").column("organization_id").run()
        // The receipts of a notice in the order they came (the sender's list).
        try await db.create(index: "announcement_receipts_at").on("announcement_receipts").column("announcement_id").column("at").run()
    }
}
