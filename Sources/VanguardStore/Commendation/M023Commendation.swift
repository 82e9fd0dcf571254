import Foundation
import SQLKit
import VanguardCore

/// 评选表彰: titles (data, seeded), rounds with their quotas per title and unit, nominations with the
/// quota places they take at each level they reach, their steps, and objections lodged on public notice.
/// Saved point rules gain the commendation rule (a title earns points; the event did not exist before).
struct M023Commendation: Migration {
    let version = 23
    let name = "commendation: titles, rounds, quotas, nominations, objections"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "commendation_titles")
            .column("code", type: .text, .primaryKey(autoIncrement: false))
            .column("name", type: .text, .notNull)
            .column("subject", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .run()
        for (i, t) in CommendationTitle.defaults.enumerated() {
            try await db.insert(into: "commendation_titles").columns("code", "name", "subject", "position")
                .values(SQLBind(t.code), SQLBind(t.name), SQLBind(t.subject.rawValue), SQLBind(i)).run()
        }
        try await db.create(table: "commendation_rounds")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .column("level", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("decide_by", type: .text, .notNull)
            .column("notice_days", type: .int, .notNull)
            .column("notice_from", type: .text)
            .column("notice_until", type: .text)
            .column("decided_on", type: .text)
            .column("decision_number", type: .text)
            .column("eligibility", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .unique("organization_id", "year")
            .run()
        // 名额: the commending committee's total per title, and what it (or a holder below) splits to units below.
        try await db.create(table: "commendation_quotas")
            .column("round_id", type: .bigint, .notNull, .references("commendation_rounds", "id"))
            .column("title", type: .text, .notNull, .references("commendation_titles", "code"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("parent_id", type: .bigint, .references("organizations", "id"))
            .column("quota", type: .int, .notNull)
            .primaryKey("round_id", "title", "organization_id")
            .run()
        try await db.create(table: "nominations")
            .column("id", type: .bigint, db.idColumn)
            .column("round_id", type: .bigint, .notNull, .references("commendation_rounds", "id"))
            .column("title", type: .text, .notNull, .references("commendation_titles", "code"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("member_id", type: .bigint, .references("members", "id"))
            .column("nominator_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("holder_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("state", type: .text, .notNull)
            .column("deeds", type: .text, .notNull)
            .column("summary", type: .text, .notNull)
            .column("facts", type: .text, .notNull)
            .column("reason", type: .text)
            .column("commended_on", type: .text)
            .column("revoked_on", type: .text)
            .column("barred_until", type: .text)
            .column("created_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "nominations_round").on("nominations").column("round_id").column("state").run()
        try await db.create(index: "nominations_organization").on("nominations").column("organization_id").run()
        try await db.create(index: "nominations_member").on("nominations").column("member_id").run()
        // One live nomination of a person per round, and of an organization per round and title: two clerks at once make one.
        let placeless = NominationState.placeless.map { "'\($0.rawValue)'" }.joined(separator: ", ")  // the core's own values, no input
        try await db.exec(
            "CREATE UNIQUE INDEX nominations_member_live ON nominations (round_id, member_id) WHERE member_id IS NOT NULL AND state NOT IN (\(placeless))"
        )
        try await db.exec(
            "CREATE UNIQUE INDEX nominations_organization_live ON nominations (round_id, title, organization_id) WHERE member_id IS NULL AND state NOT IN (\(placeless))"
        )
        // A quota place: the nomination reached this holder (逐级推荐), counted against its quota while the nomination holds a place.
        try await db.create(table: "nomination_places")
            .column("nomination_id", type: .bigint, .notNull, .references("nominations", "id"))
            .column("round_id", type: .bigint, .notNull)
            .column("title", type: .text, .notNull)
            .column("holder_id", type: .bigint, .notNull)
            .primaryKey("nomination_id", "holder_id")
            .run()
        try await db.create(index: "nomination_places_holder").on("nomination_places").column("round_id").column("title").column("holder_id").run()
        try await db.create(table: "nomination_steps")
            .column("id", type: .bigint, db.idColumn)
            .column("nomination_id", type: .bigint, .notNull, .references("nominations", "id"))
            .column("action", type: .text, .notNull)
            .column("organization_id", type: .bigint, .notNull)
            .column("note", type: .text)
            .column("actor", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "nomination_steps_nomination").on("nomination_steps").column("nomination_id").run()
        try await db.create(table: "commendation_objections")
            .column("id", type: .bigint, db.idColumn)
            .column("nomination_id", type: .bigint, .notNull, .references("nominations", "id"))
            .column("content", type: .text, .notNull)
            .column("name", type: .text)
            .column("contact", type: .text)
            .column("client", type: .text, .notNull)
            .column("outcome", type: .text)
            .column("verification", type: .text)
            .column("verified_by", type: .text)
            .column("verified_at", type: .bigint)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "commendation_objections_nomination").on("commendation_objections").column("nomination_id").run()
        try await db.create(index: "commendation_objections_client").on("commendation_objections").column("client").column("at").run()
        // A title earns points from now on: saved rules gain the rule the standard settings have.
        let rule = EvaluationSettings.standard.pointRules.first { $0.event == PointEventKind.commended.rawValue }!
        for row in try await db.raw("SELECT campaign_id, settings FROM evaluation_settings").all() {
            var s = try JSONDecoder().decode(EvaluationSettings.self, from: Data(try row.string("settings").utf8))
            guard !s.pointRules.contains(where: { $0.event == rule.event }) else { continue }
            s.pointRules.append(rule)
            let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
            try await db.raw("UPDATE evaluation_settings SET settings = \(bind: json) WHERE campaign_id = \(bind: try row.int64("campaign_id"))").run()
        }
    }
}
