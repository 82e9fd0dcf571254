import Foundation
import SQLKit
import VanguardCore

public struct ScoringTemplateRecord: Sendable, Hashable {
    public var id: Int64
    public var criteria: ScoringCriterion
}

/// One stage of a sheet as scored.
public struct ScoringEntry: Sendable, Hashable {
    public var stage: ScoringStage
    public var scores: [String: Double]
    public var total: Double
    public var comment: String?
    public var scoredBy: String
}

/// SQL for scoring templates (三级联创评分表), each organization's sheet per year and its scored stages.
enum ScoringRepository {
    /// Every template, oldest first.
    static func templates(_ db: any SQLDatabase) async throws -> [ScoringTemplateRecord] {
        try await db.raw("SELECT id, criteria FROM scoring_templates ORDER BY id").all().map(template)
    }

    static func template(_ db: any SQLDatabase, id: Int64) async throws -> ScoringTemplateRecord? {
        try await db.raw("SELECT id, criteria FROM scoring_templates WHERE id = \(bind: id)").first().map(template)
    }

    /// Whether a template of that name exists.
    static func templateExists(_ db: any SQLDatabase, name: String) async throws -> Bool {
        try await db.raw("SELECT id FROM scoring_templates WHERE name = \(bind: name)").first() != nil
    }

    /// Records a template (its criteria tree as JSON); returns its id.
    static func insertTemplate(_ db: any SQLDatabase, name: String, criteriaJSON json: String, by username: String, now: Int64) async throws -> Int64 {
        try await db.insert(into: "scoring_templates").columns("name", "criteria", "created_by", "created_at")
            .values(SQLBind(name), SQLBind(json), SQLBind(username), SQLBind(now)).returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// The id of an organization's sheet of a template and year, if it was scored.
    static func sheetID(_ db: any SQLDatabase, templateID: Int64, organizationID: Int64, year: Int) async throws -> Int64? {
        try await db.raw(
            "SELECT id FROM scoring_sheets WHERE template_id = \(bind: templateID) AND organization_id = \(bind: organizationID) AND year = \(bind: year)"
        ).first(decodingColumn: "id", as: Int64.self)
    }

    /// Starts an organization's sheet of a template and year.
    static func insertSheet(_ db: any SQLDatabase, templateID: Int64, organizationID: Int64, year: Int) async throws -> Int64 {
        guard
            let id = try await db.insert(into: "scoring_sheets").columns("template_id", "organization_id", "year")
                .values(SQLBind(templateID), SQLBind(organizationID), SQLBind(year)).returning("id").first(decodingColumn: "id", as: Int64.self)
        else { throw VanguardError.conflict("评分表未能保存，请重试", "The scoring sheet was not saved; try again") }
        return id
    }

    /// Replaces one stage of a sheet.
    static func replaceEntry(
        _ db: any SQLDatabase, sheetID: Int64, stage: ScoringStage, scores: [String: Double], total: Double, comment: String?, by username: String,
        now: Int64
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(scores), as: UTF8.self)
        try await db.raw("DELETE FROM scoring_entries WHERE sheet_id = \(bind: sheetID) AND stage = \(bind: stage.rawValue)").run()
        try await db.insert(into: "scoring_entries").columns("sheet_id", "stage", "scores", "total", "comment", "scored_by", "at")
            .values(SQLBind(sheetID), SQLBind(stage.rawValue), SQLBind(json), SQLBind(total), SQLBind(comment), SQLBind(username), SQLBind(now))
            .run()
    }

    /// The stages scored on an organization's sheet of a template and year.
    static func entries(_ db: any SQLDatabase, templateID: Int64, organizationID: Int64, year: Int) async throws -> [ScoringStage: ScoringEntry] {
        var entries: [ScoringStage: ScoringEntry] = [:]
        for row in try await db.raw(
            "SELECT e.* FROM scoring_entries e JOIN scoring_sheets s ON s.id = e.sheet_id WHERE s.template_id = \(bind: templateID) AND s.organization_id = \(bind: organizationID) AND s.year = \(bind: year)"
        ).all() {
            guard let stage = ScoringStage(rawValue: try row.string("stage")) else { continue }
            entries[stage] = ScoringEntry(
                stage: stage, scores: try JSONDecoder().decode([String: Double].self, from: Data(try row.string("scores").utf8)),
                total: try row.decode(column: "total", as: Double.self), comment: try row.optionalString("comment"), scoredBy: try row.string("scored_by"))
        }
        return entries
    }

    /// The live organizations directly under `parentID`, in tree order.
    static func siblings(_ db: any SQLDatabase, parentID: Int64) async throws -> [(id: Int64, name: String)] {
        try await db.raw(
            "SELECT id, name FROM organizations WHERE parent_id = \(bind: parentID) AND dissolved = \(bind: false) ORDER BY path LIMIT 5000"
        ).all().map { (try $0.int64("id"), try $0.string("name")) }
    }

    /// Each stage total of the sheets of a template and year of the organizations directly under `parentID`.
    static func stageTotals(
        _ db: any SQLDatabase, parentID: Int64, templateID: Int64, year: Int
    ) async throws -> [(organizationID: Int64, stage: ScoringStage, total: Double)] {
        var out: [(organizationID: Int64, stage: ScoringStage, total: Double)] = []
        for row in try await db.raw(
            """
            SELECT s.organization_id, e.stage, e.total FROM scoring_entries e JOIN scoring_sheets s ON s.id = e.sheet_id
            JOIN organizations o ON o.id = s.organization_id WHERE o.parent_id = \(bind: parentID) AND s.template_id = \(bind: templateID) AND s.year = \(bind: year)
            """
        ).all() {
            guard let stage = ScoringStage(rawValue: try row.string("stage")) else { continue }
            out.append((try row.int64("organization_id"), stage, try row.decode(column: "total", as: Double.self)))
        }
        return out
    }

    static func template(_ row: any SQLRow) throws -> ScoringTemplateRecord {
        ScoringTemplateRecord(id: try row.int64("id"), criteria: try JSONDecoder().decode(ScoringCriterion.self, from: Data(try row.string("criteria").utf8)))
    }
}
