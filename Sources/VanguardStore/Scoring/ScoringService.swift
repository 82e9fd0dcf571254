import Foundation
import SQLKit
import VanguardCore
import VanguardSheets

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
        try await backend.read { db in try await ScoringRepository.templates(db) }
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
            guard !(try await ScoringRepository.templateExists(db, name: root.title)) else {
                throw VanguardError.conflict("已有同名评分表“\(root.title)”", "A sheet named \(root.title) exists")
            }
            let id = try await ScoringRepository.insertTemplate(db, name: root.title, criteriaJSON: json, by: caller.username, now: now)
            try await WritePath.record(
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
            let existing = try await ScoringRepository.sheetID(db, templateID: templateID, organizationID: org.id, year: year)
            let sheetID: Int64
            if let existing {
                sheetID = existing
            } else {
                sheetID = try await ScoringRepository.insertSheet(db, templateID: templateID, organizationID: org.id, year: year)
            }
            try await ScoringRepository.replaceEntry(
                db, sheetID: sheetID, stage: stage, scores: scores, total: total, comment: comment, by: caller.username, now: now)
            try await WritePath.record(
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
            return try await Self.ranking(db, templateID: templateID, parent: parent, year: year)
        }
    }

    /// 评分页: the templates, an organization's sheet on the chosen one (the first when none is named), its
    /// superior (who scores the later stages) and the ranking of the organizations under it, in one read.
    public func desk(templateID: Int64?, organizationID: Int64, year: Int, as caller: Caller) async throws -> ScoringDesk {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let templates = try await ScoringRepository.templates(db)
            let chosen = templateID ?? templates.first?.id ?? 0
            var parent: OrganizationRecord?
            if let parentID = org.parentID { parent = try await OrganizationRepository.get(db, id: parentID).flatMap { caller.canSee($0.path) ? $0 : nil } }
            return ScoringDesk(
                templates: templates, sheet: try await Self.load(db, templateID: chosen, org: org, year: year), parent: parent,
                ranking: try await Self.ranking(db, templateID: chosen, parent: org, year: year))
        }
    }

    static func ranking(_ db: any SQLDatabase, templateID: Int64, parent: OrganizationRecord, year: Int) async throws -> [ScoringRankRow] {
        _ = try await Self.template(db, templateID)
        let stars = try await PointRepository.settings(db, year: year).organizationStars
        var rows: [Int64: ScoringRankRow] = [:]
        var order: [Int64] = []
        for (id, name) in try await ScoringRepository.siblings(db, parentID: parent.id) {
            order.append(id)
            rows[id] = ScoringRankRow(organizationID: id, name: name, totals: [:], final: nil, rank: nil, stars: 0)
        }
        for t in try await ScoringRepository.stageTotals(db, parentID: parent.id, templateID: templateID, year: year) {
            rows[t.organizationID]?.totals[t.stage] = t.total
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

    /// The ranking as a spreadsheet: one row per organization with each stage's total (scores as
    /// numbers), titled with the parent, the template and the year.
    public func export(templateID: Int64, parentID: Int64, year: Int, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let rows = try await ranking(templateID: templateID, parentID: parentID, year: year, as: caller)
        let (parent, template) = try await backend.read { db in
            (
                try await OrganizationRepository.visible(db, id: parentID, to: caller, what: OrganizationService.what),
                try await ScoringRepository.template(db, id: templateID)
            )
        }
        let name = template?.criteria.title ?? "评分"
        let table: [[SheetCell]] = rows.map(Self.exportRow)
        let layout = SheetLayout(
            sheetName: "评分排名", title: "\(parent.name) \(year)年\(name)评分排名（编制日期：\(time.today())）",
            header: ["排名", "党组织", "自检自查", "统一考核", "综合评价", "最终得分", "星级"])
        let out = try SheetOutput(format: format, layout: layout.fitting(table))
        for row in table { try out.append(row) }
        return try out.finish(name: "\(OrganizationName.short(parent.name))\(year)年\(name)评分排名")
    }

    static func exportRow(_ r: ScoringRankRow) -> [SheetCell] {
        let rank: SheetCell = r.rank.map { .integer($0) } ?? .text("")
        let stages: [SheetCell] = ScoringStage.allCases.map { s in r.totals[s].map { .number($0) } ?? .text("") }
        let final: SheetCell = r.final.map { .number($0) } ?? .text("")
        return [rank, .text(r.name)] + stages + [final, .text(String(repeating: "★", count: r.stars))]
    }

    /// Points as a clerk writes them: 8 or 8.5, never 8.0.
    public static func points(_ p: Double) -> String { p == p.rounded() ? String(Int(p)) : String(format: "%.1f", p) }

    static func template(_ db: any SQLDatabase, _ id: Int64) async throws -> ScoringTemplateRecord {
        guard let template = try await ScoringRepository.template(db, id: id) else { throw VanguardError.notFound(what) }
        return template
    }

    static func load(_ db: any SQLDatabase, templateID: Int64, org: OrganizationRecord, year: Int) async throws -> ScoringSheetRecord {
        let template = try await template(db, templateID)
        let entries = try await ScoringRepository.entries(db, templateID: templateID, organizationID: org.id, year: year)
        return ScoringSheetRecord(template: template, organization: org, year: year, entries: entries)
    }
}

/// What the scoring page shows.
public struct ScoringDesk: Sendable {
    public let templates: [ScoringTemplateRecord]
    public let sheet: ScoringSheetRecord
    /// The organization's superior, if the caller sees it.
    public let parent: OrganizationRecord?
    public let ranking: [ScoringRankRow]
}
