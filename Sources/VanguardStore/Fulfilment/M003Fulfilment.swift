import SQLKit

/// 践诺与督促: rounds, progress reports with evidence files, branch general meetings, richer
/// exemptions, the inbox and the outbox of reminders, and the reviewer's supervision records.
struct M003Fulfilment: Migration {
    let version = 3
    let name = "fulfilment"

    func prepare(on db: any SQLDatabase) async throws {
        // 承诺轮次: the round a commitment belongs to; a carried-forward long-term commitment names its origin.
        try await db.alter(table: "commitments").column("round", type: .int, .notNull, .default(1)).run()
        try await db.alter(table: "commitments").column("carried_from", type: .bigint).run()
        try await db.create(index: "commitments_round").on("commitments").column("organization_id").column("round").run()

        // 践诺进展: what was done, optionally for one item, optionally fulfilling it.
        try await db.create(table: "commitment_progress")
            .column("id", type: .bigint, db.idColumn)
            .column("commitment_id", type: .bigint, .notNull, .references("commitments", "id"))
            .column("item_position", type: .int)
            .column("text", type: .text, .notNull)
            .column("fulfils", type: .boolean, .notNull, .default(false))
            .column("actor", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "commitment_progress_commitment").on("commitment_progress").column("commitment_id").run()

        // Evidence bytes are kept once per content hash, in the database: a backup is one file and an
        // upload is all-or-nothing with the report that carries it.
        try await db.create(table: "evidence_blobs")
            .column("sha256", type: .text, .primaryKey(autoIncrement: false))
            .column("bytes", type: .blob, .notNull)
            .run()
        try await db.create(table: "evidence_files")
            .column("id", type: .bigint, db.idColumn)
            .column("progress_id", type: .bigint, .notNull, .references("commitment_progress", "id"))
            .column("name", type: .text, .notNull)
            .column("content_type", type: .text, .notNull)
            .column("size", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull, .references("evidence_blobs", "sha256"))
            .run()
        try await db.create(index: "evidence_files_progress").on("evidence_files").column("progress_id").run()

        // 党支部大会: the meeting where the branch declared (and consented to) its members' commitments.
        try await db.create(table: "branch_meetings")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .column("held_on", type: .text, .notNull)
            .column("attendees", type: .int, .notNull)
            .column("topic", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "branch_meetings_organization").on("branch_meetings").column("organization_id").column("year").run()

        try await db.alter(table: "commitment_exemptions").column("consent", type: .text).run()
        try await db.alter(table: "commitment_exemptions").column("note", type: .text).run()

        // 站内提醒: for a member (their own commitments) or an organization's officers. `dedupe_key`
        // keeps the daily sweep from reminding twice of the same deadline.
        try await db.create(table: "notifications")
            .column("id", type: .bigint, db.idColumn)
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("organization_id", type: .bigint, .references("organizations", "id"))
            .column("kind", type: .text, .notNull)
            .column("commitment_id", type: .bigint, .references("commitments", "id"))
            .column("text", type: .text, .notNull)
            .column("dedupe_key", type: .text, .unique)
            .column("created_at", type: .bigint, .notNull)
            .column("read_at", type: .bigint)
            .run()
        try await db.create(index: "notifications_member").on("notifications").column("member_id").column("id").run()
        try await db.create(index: "notifications_organization").on("notifications").column("organization_id").column("id").run()

        // 待发短信: what a mail/SMS gateway would drain (none is called here).
        try await db.create(table: "outbox")
            .column("id", type: .bigint, db.idColumn)
            .column("channel", type: .text, .notNull)
            .column("address", type: .text, .notNull)
            .column("body", type: .text, .notNull)
            .column("notification_id", type: .bigint, .references("notifications", "id"))
            .column("created_at", type: .bigint, .notNull)
            .column("sent_at", type: .bigint)
            .run()

        // 跟踪检查、整改要求、回头看.
        try await db.create(table: "supervision_records")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("kind", type: .text, .notNull)
            .column("held_on", type: .text, .notNull)
            .column("findings", type: .text, .notNull)
            .column("urged", type: .text)
            .column("commitment_id", type: .bigint, .references("commitments", "id"))
            .column("deadline", type: .text)
            .column("resolved_on", type: .text)
            .column("response", type: .text)
            .column("recorded_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "supervision_records_organization").on("supervision_records").column("organization_id").run()
        try await db.create(index: "supervision_records_commitment").on("supervision_records").column("commitment_id").run()
    }
}
