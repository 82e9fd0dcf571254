import SQLKit

/// 评价办法 per campaign (determination weights, point rules, star thresholds as one JSON document),
/// and 积分: the point events of members. Points themselves are never stored: a total is always the
/// current rules applied to the events, so changing a rule and recalculating equals starting afresh.
struct M007Points: Migration {
    let version = 7
    let name = "points"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "evaluation_settings")
            .column("campaign_id", type: .bigint, .primaryKey(autoIncrement: false), .references("campaigns", "id"))
            .column("settings", type: .text, .notNull)
            .column("updated_by", type: .text, .notNull)
            .column("updated_at", type: .bigint, .notNull)
            .run()

        // An automatic event carries `source_key` (the fact it comes from), so it is recorded exactly
        // once however often the facts are read; a manual one carries its points, its reason, and stays
        // `pending` until a second person approves it.
        try await db.create(table: "point_events")
            .column("id", type: .bigint, db.idColumn)
            .column("member_id", type: .bigint, .notNull, .references("members", "id"))
            .column("event", type: .text, .notNull)
            .column("day", type: .text, .notNull)
            .column("manual_points", type: .int)
            .column("reason", type: .text)
            .column("source_key", type: .text, .unique)
            .column("state", type: .text, .notNull)
            .column("proposed_by", type: .text, .notNull)
            .column("approved_by", type: .text)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "point_events_member").on("point_events").column("member_id").column("day").run()
    }
}
