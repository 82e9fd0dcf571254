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

/// An organization's sheet for a year: its stages so far.
public struct ScoringSheetRecord: Sendable, Hashable {
    public var template: ScoringTemplateRecord
    public var organization: OrganizationRecord
    public var year: Int
    public var entries: [ScoringStage: ScoringEntry]

    /// The score that counts: the latest stage reached.
    public var final: Double? { (entries[.comprehensive] ?? entries[.assessment] ?? entries[.selfCheck])?.total }
}

/// A sibling's line in the ranking under one superior.
public struct ScoringRankRow: Sendable, Hashable {
    public var organizationID: Int64
    public var name: String
    public var totals: [ScoringStage: Double]
    public var final: Double?
    public var rank: Int?
    public var stars: Int
}

/// 三级联创与先进单位评分: per organization and year, the self-check by the organization, then the
/// superior's assessment and comprehensive evaluation (with comments); totals, ranking among siblings,
/// export.
public struct ScoringService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该评分表", "Scoring template")

    public func templates() async throws -> [ScoringTemplateRecord] {
        try await backend.read { db in try await db.raw("SELECT id, criteria FROM scoring_templates ORDER BY id").all().map(Self.template) }
    }

    /// The campaign office adds a template (a criteria tree whose children add up to their parent).
    public func createTemplate(_ root: ScoringCriterion, as caller: Caller) async throws -> Int64 {
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role == .campaignOffice }) else {
            throw VanguardError(.forbidden, .init("只有领导小组办公室可以制定评分表", "Only the campaign office defines scoring sheets"))
        }
        guard !root.title.trimmingCharacters(in: .whitespaces).isEmpty, !root.children.isEmpty else {
            throw VanguardError.invalid("评分表须有名称和下级指标", "A sheet needs a title and criteria", field: "title")
        }
        try ScoringSheet.check(root)
        let now = time.nowMillis()
        let json = String(decoding: try JSONEncoder().encode(root), as: UTF8.self)
        return try await backend.write { db in
            guard try await db.raw("SELECT id FROM scoring_templates WHERE name = \(bind: root.title)").first() == nil else {
                throw VanguardError.conflict("已有同名评分表“\(root.title)”", "A sheet named \(root.title) exists")
            }
            let id = try await db.insert(into: "scoring_templates").columns("name", "criteria", "created_by", "created_at")
                .values(SQLBind(root.title), SQLBind(json), SQLBind(caller.username), SQLBind(now)).returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await AuditRepository.append(
                db, .init(at: now, actor: caller.username, action: "scoring.template", targetType: "scoring_template", targetID: id, summary: root.title))
            return id
        }
    }

    public func sheet(templateID: Int64, organizationID: Int64, year: Int, as caller: Caller) async throws -> ScoringSheetRecord {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await Self.load(db, templateID: templateID, org: org, year: year)
        }
    }

    /// Scores one stage: every leaf of the template, each within its maximum; the comprehensive
    /// evaluation needs a comment. The organization scores its self-check, its superior the rest.
    public func score(
        templateID: Int64, organizationID: Int64, year: Int, stage: ScoringStage, scores: [String: Double], comment: String?, as caller: Caller
    ) async throws -> ScoringSheetRecord {
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if stage == .comprehensive, comment == nil {
            throw VanguardError.invalid("综合评价须写评价意见", "The comprehensive evaluation needs a comment", field: "comment")
        }
        guard (comment ?? "").count <= 2000 else { throw VanguardError.invalid("评价意见不超过2000字", "At most 2000 characters", field: "comment") }
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let template = try await Self.template(db, templateID)
            if stage.bySuperior {
                guard let parentID = org.parentID, let parent = try await OrganizationRepository.get(db, id: parentID),
                    caller.allows(.reviewCommitments, at: parent.path)
                else { throw VanguardError(.forbidden, .init("\(stage.name.zh)由上级党组织进行", "The superior organization does this stage")) }
            } else {
                try caller.require(.reviewCommitments, at: org.path, what: OrganizationService.what)
            }
            let missing = template.criteria.leaves.filter { scores[$0.code] == nil }
            guard missing.isEmpty else {
                throw VanguardError.invalid(
                    "还有\(missing.count)项未评分：\(missing.prefix(3).map(\.title).joined(separator: "、"))", "\(missing.count) criteria are not scored",
                    field: missing[0].code)
            }
            let total = try ScoringSheet.total(template.criteria, scores: scores)
            var sheetID = try await db.raw(
                "SELECT id FROM scoring_sheets WHERE template_id = \(bind: templateID) AND organization_id = \(bind: org.id) AND year = \(bind: year)"
            ).first(decodingColumn: "id", as: Int64.self)
            if sheetID == nil {
                sheetID = try await db.insert(into: "scoring_sheets").columns("template_id", "organization_id", "year")
                    .values(SQLBind(templateID), SQLBind(org.id), SQLBind(year)).returning("id").first(decodingColumn: "id", as: Int64.self)
            }
            let json = String(decoding: try JSONEncoder().encode(scores), as: UTF8.self)
            try await db.raw("DELETE FROM scoring_entries WHERE sheet_id = \(bind: sheetID!) AND stage = \(bind: stage.rawValue)").run()
            try await db.insert(into: "scoring_entries").columns("sheet_id", "stage", "scores", "total", "comment", "scored_by", "at")
                .values(SQLBind(sheetID!), SQLBind(stage.rawValue), SQLBind(json), SQLBind(total), SQLBind(comment), SQLBind(caller.username), SQLBind(now))
                .run()
            try await AuditRepository.append(
                db,
                .init(
                    at: now, actor: caller.username, action: "scoring.\(stage.rawValue)", targetType: "organization", targetID: org.id,
                    summary: "\(year)年\(template.criteria.title)\(stage.name.zh)：\(Self.points(total))分"))
            return try await Self.load(db, templateID: templateID, org: org, year: year)
        }
    }

    /// The organizations directly under `parentID`, ranked by their final score (unscored last).
    public func ranking(templateID: Int64, parentID: Int64, year: Int, as caller: Caller) async throws -> [ScoringRankRow] {
        try await backend.read { db in
            let parent = try await OrganizationRepository.visible(db, id: parentID, to: caller, what: OrganizationService.what)
            _ = try await Self.template(db, templateID)
            let stars = try await PointRepository.settings(db, year: year).organizationStars
            var rows: [Int64: ScoringRankRow] = [:]
            var order: [Int64] = []
            for row in try await db.raw(
                "SELECT id, name FROM organizations WHERE parent_id = \(bind: parent.id) AND dissolved = \(bind: false) ORDER BY path LIMIT 5000"
            ).all() {
                let id = try row.int64("id")
                order.append(id)
                rows[id] = ScoringRankRow(organizationID: id, name: try row.string("name"), totals: [:], final: nil, rank: nil, stars: 0)
            }
            for row in try await db.raw(
                """
                SELECT s.organization_id, e.stage, e.total FROM scoring_entries e JOIN scoring_sheets s ON s.id = e.sheet_id
                JOIN organizations o ON o.id = s.organization_id WHERE o.parent_id = \(bind: parent.id) AND s.template_id = \(bind: templateID) AND s.year = \(bind: year)
                """
            ).all() {
                guard let stage = ScoringStage(rawValue: try row.string("stage")) else { continue }
                rows[try row.int64("organization_id")]?.totals[stage] = try row.decode(column: "total", as: Double.self)
            }
            var out = order.compactMap { rows[$0] }
            for i in out.indices {
                out[i].final = out[i].totals[.comprehensive] ?? out[i].totals[.assessment] ?? out[i].totals[.selfCheck]
                out[i].stars = out[i].final.map { StarLevel.stars(for: $0, thresholds: stars) } ?? 0
            }
            let scored = out.compactMap(\.final)
            for i in out.indices { out[i].rank = out[i].final.map { f in scored.filter { $0 > f }.count + 1 } }
            return out.sorted { ($0.rank ?? Int.max) < ($1.rank ?? Int.max) }
        }
    }

    /// The ranking as a spreadsheet: one row per organization with each stage's total.
    public func export(templateID: Int64, parentID: Int64, year: Int, format: SheetFormat, as caller: Caller) async throws -> Data {
        let rows = try await ranking(templateID: templateID, parentID: parentID, year: year, as: caller)
        var table = [["排名", "党组织", "自检自查", "统一考核", "综合评价", "最终得分", "星级"]]
        for r in rows {
            table.append(
                [r.rank.map(String.init) ?? "", r.name] + ScoringStage.allCases.map { r.totals[$0].map(Self.points) ?? "" } + [
                    r.final.map(Self.points) ?? "", String(repeating: "★", count: r.stars),
                ])
        }
        return try SheetFile.write(table, as: format, sheetName: "评分排名")
    }

    /// Points as a clerk writes them: 8 or 8.5, never 8.0.
    public static func points(_ p: Double) -> String { p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p) }

    static func template(_ row: any SQLRow) throws -> ScoringTemplateRecord {
        ScoringTemplateRecord(id: try row.int64("id"), criteria: try JSONDecoder().decode(ScoringCriterion.self, from: Data(try row.string("criteria").utf8)))
    }

    static func template(_ db: any SQLDatabase, _ id: Int64) async throws -> ScoringTemplateRecord {
        guard let row = try await db.raw("SELECT id, criteria FROM scoring_templates WHERE id = \(bind: id)").first() else {
            throw VanguardError.notFound(what)
        }
        return try template(row)
    }

    static func load(_ db: any SQLDatabase, templateID: Int64, org: OrganizationRecord, year: Int) async throws -> ScoringSheetRecord {
        let template = try await template(db, templateID)
        var entries: [ScoringStage: ScoringEntry] = [:]
        for row in try await db.raw(
            "SELECT e.* FROM scoring_entries e JOIN scoring_sheets s ON s.id = e.sheet_id WHERE s.template_id = \(bind: templateID) AND s.organization_id = \(bind: org.id) AND s.year = \(bind: year)"
        ).all() {
            guard let stage = ScoringStage(rawValue: try row.string("stage")) else { continue }
            entries[stage] = ScoringEntry(
                stage: stage, scores: try JSONDecoder().decode([String: Double].self, from: Data(try row.string("scores").utf8)),
                total: try row.decode(column: "total", as: Double.self), comment: try row.optionalString("comment"), scoredBy: try row.string("scored_by"))
        }
        return ScoringSheetRecord(template: template, organization: org, year: year, entries: entries)
    }
}
