import SQLKit
import VanguardCore

/// 书记抓、抓书记: the secretaries' duty lists per level (data) and the superior's performance reviews and
/// accountability records of an organization's secretary.
struct M020SecretaryResponsibility: Migration {
    let version = 20
    let name = "secretary duties and reviews"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "secretary_duties")
            .column("id", type: .bigint, db.idColumn)
            .column("kind", type: .text, .notNull)
            .column("position", type: .int, .notNull)
            .column("text", type: .text, .notNull)
            .run()
        for (kind, duties) in SecretaryResponsibility.defaultDuties {
            for (i, text) in duties.enumerated() {
                try await db.insert(into: "secretary_duties").columns("kind", "position", "text")
                    .values(SQLBind(kind.rawValue), SQLBind(i), SQLBind(text)).run()
            }
        }
        try await db.create(table: "secretary_reviews")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .column("kind", type: .text, .notNull)
            .column("rating", type: .text)
            .column("text", type: .text, .notNull)
            .column("measure", type: .text, .notNull)
            .column("recorded_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "secretary_reviews_organization").on("secretary_reviews").column("organization_id").run()
    }
}
