import SQLKit
import VanguardCore

/// 创先争优基石工程: a committee's fund sources per year and the ledger of money received, awards paid
/// (each approved by a second person) and awards reclaimed.
struct M024AwardFund: Migration {
    let version = 24
    let name = "award fund: sources and ledger"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "fund_sources")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .column("kind", type: .text, .notNull)
            .column("name", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .unique("organization_id", "year", "name")
            .run()
        try await db.create(table: "fund_entries")
            .column("id", type: .bigint, db.idColumn)
            .column("source_id", type: .bigint, .notNull, .references("fund_sources", "id"))
            .column("kind", type: .text, .notNull)
            .column("amount", type: .bigint, .notNull)
            .column("nomination_id", type: .bigint, .references("nominations", "id"))
            .column("award_kind", type: .text)
            .column("note", type: .text, .notNull)
            .column("day", type: .text, .notNull)
            .column("state", type: .text, .notNull)
            .column("proposed_by", type: .text, .notNull)
            .column("decided_by", type: .text)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "fund_entries_source").on("fund_entries").column("source_id").run()
        try await db.create(index: "fund_entries_nomination").on("fund_entries").column("nomination_id").run()
    }
}
