import SQLKit

/// 领导点评: leaders' contact points and supervised units (the personal links from which a leader's
/// duty to comment is derived), and the half-yearly comments themselves, one per duty.
struct M006LeaderComments: Migration {
    let version = 6
    let name = "leader comments"

    func prepare(on db: any SQLDatabase) async throws {
        // 领导干部联系点: a leading cadre (a member) and an organization they keep in touch with or supervise.
        try await db.create(table: "leader_contacts")
            .column("id", type: .bigint, db.idColumn)
            .column("member_id", type: .bigint, .notNull, .references("members", "id"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("kind", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .unique("member_id", "organization_id")
            .run()
        try await db.create(index: "leader_contacts_organization").on("leader_contacts").column("organization_id").run()

        // `duty_key` names the duty a comment fulfils (period, relation, subject, and the leader for a
        // personal link), so a second comment on the same duty revises the first instead of doubling it.
        try await db.create(table: "leader_comments")
            .column("id", type: .bigint, db.idColumn)
            .column("duty_key", type: .text, .notNull, .unique)
            .column("period", type: .text, .notNull)
            .column("relation", type: .text, .notNull)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("commenter_member_id", type: .bigint, .references("members", "id"))
            .column("commenter", type: .text, .notNull)
            .column("commenter_name", type: .text, .notNull)
            .column("achievements", type: .text, .notNull)
            .column("problems", type: .text, .notNull)
            .column("direction", type: .text, .notNull)
            .column("grade", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "leader_comments_organization").on("leader_comments").column("organization_id").column("period").run()
        try await db.create(index: "leader_comments_member").on("leader_comments").column("member_id").run()
    }
}
