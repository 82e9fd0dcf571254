import Foundation
import SQLKit
import VanguardCore

/// 评分表: templates (criteria trees as data, seeded with the 三级联创 100-point sheet and the 先进单位
/// criteria), and per organization and year the scores of each stage — 自检自查, 统一考核, 综合评价.
struct M008ScoringSheets: Migration {
    let version = 8
    let name = "scoring sheets"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "scoring_templates")
            .column("id", type: .bigint, db.idColumn)
            .column("name", type: .text, .notNull, .unique)
            .column("criteria", type: .text, .notNull)
            .column("created_by", type: .text, .notNull)
            .column("created_at", type: .bigint, .notNull)
            .run()
        try await db.create(table: "scoring_sheets")
            .column("id", type: .bigint, db.idColumn)
            .column("template_id", type: .bigint, .notNull, .references("scoring_templates", "id"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .unique("template_id", "organization_id", "year")
            .run()
        try await db.create(table: "scoring_entries")
            .column("sheet_id", type: .bigint, .notNull, .references("scoring_sheets", "id"))
            .column("stage", type: .text, .notNull)
            .column("scores", type: .text, .notNull)
            .column("total", type: .custom(SQLRaw("DOUBLE PRECISION")), .notNull)
            .column("comment", type: .text)
            .column("scored_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .primaryKey("sheet_id", "stage")
            .run()
        for template in [ScoringTemplates.threeLevel, ScoringTemplates.advancedUnit] {
            try ScoringSheet.check(template)
            let json = String(decoding: try JSONEncoder().encode(template), as: UTF8.self)
            try await db.insert(into: "scoring_templates").columns("name", "criteria", "created_by", "created_at")
                .values(SQLBind(template.title), SQLBind(json), SQLBind("system"), SQLBind(0)).run()
        }
    }
}
