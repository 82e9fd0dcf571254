import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 百分制考评 on the web: an organization's scoring sheet by stage with its children's ranking and export,
/// and the scoring templates (outlines) the campaign office writes.
struct ScoringPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct LeafView: Sendable { let code: String; let title: String; let maximum: String; let value: String }
    struct GroupView: Sendable { let title: String; let maximum: String; let leaves: [LeafView] }
    struct StageView: Sendable {
        let stage: String; let name: String; let total: String; let comment: String?; let scoredBy: String?; let groups: [GroupView]; let allowed: Bool
        let needsComment: Bool
    }
    struct RankView: Sendable {
        let name: String; let url: String; let selfCheck: String; let assessment: String; let comprehensive: String; let final: String; let rank: String;
        let stars: String
    }
    struct ScoringModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let year: Int; let templateID: Int64; let templates: [Option]
        let sheetTitle: String; let stages: [StageView]; let ranking: [RankView]; let exportURL: String
    }
    struct TemplateView: Sendable { let title: String; let maximum: String; let lines: [String] }
    struct TemplatesModel: Sendable { let frame: PageFrame; let templates: [TemplateView]; let canEdit: Bool }

    func year(_ request: Request) throws -> Int { try request.queryYear(default: vanguard.time.today().year) }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.scoring.path) { request, context in
            let caller = try context.requireCaller()
            let year = try year(request)
            let named = request.uri.queryParameters["template"].flatMap { Int64(String($0)) }
            let desk = try await vanguard.scoring.desk(templateID: named, organizationID: try context.id(), year: year, as: caller)
            let (templates, sheet, parent) = (desk.templates, desk.sheet, desk.parent)
            let org = sheet.organization
            let chosen = sheet.template.id
            let e = context.english
            let stages = ScoringStage.allCases.map { stage in
                let entry = sheet.entries[stage]
                let groups = sheet.template.criteria.children.map { group in
                    GroupView(
                        title: group.title, maximum: ScoringService.points(group.maximum),
                        leaves: group.leaves.map {
                            LeafView(
                                code: $0.code, title: $0.title, maximum: ScoringService.points($0.maximum),
                                value: entry?.scores[$0.code].map(ScoringService.points) ?? "")
                        })
                }
                let allowed =
                    stage.bySuperior ? parent.map { caller.allows(.reviewCommitments, at: $0.path) } ?? false : caller.allows(.reviewCommitments, at: org.path)
                return StageView(
                    stage: stage.rawValue, name: stage.name.text(english: e), total: entry.map { ScoringService.points($0.total) } ?? "—",
                    // Absent, not empty, until scored: an empty string would still open the template's sections.
                    comment: entry?.comment, scoredBy: entry?.scoredBy, groups: groups, allowed: allowed, needsComment: stage == .comprehensive)
            }
            let ranking = desk.ranking.map { r in
                RankView(
                    name: r.name, url: WebURL.scoring(r.organizationID, template: chosen, year: year),
                    selfCheck: r.totals[.selfCheck].map(ScoringService.points) ?? "", assessment: r.totals[.assessment].map(ScoringService.points) ?? "",
                    comprehensive: r.totals[.comprehensive].map(ScoringService.points) ?? "", final: r.final.map(ScoringService.points) ?? "—",
                    rank: r.rank.map(String.init) ?? "—", stars: PointPages.stars(r.stars))
            }
            return views.render(
                "scoring",
                ScoringModel(
                    frame: PageFrame(
                        context, title: org.name + " · " + sheet.template.criteria.title,
                        path: WebURL.scoring(org.id, template: chosen, year: year), organization: org.id),
                    organizationID: org.id, organizationName: org.name, year: year, templateID: chosen,
                    templates: templates.map { Option(value: String($0.id), label: $0.criteria.title, selected: $0.id == chosen) },
                    sheetTitle: sheet.template.criteria.title,
                    stages: stages, ranking: ranking, exportURL: WebURL.scoringExport(org.id, template: chosen, year: year)))
        }
        router.post(WebRoute.scoring.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            guard let template = Int64(form["template"]), let year = Int(form["year"]), let stage = ScoringStage(rawValue: form["stage"]) else {
                throw VanguardError.invalid("评分表、年度或阶段不正确", "Bad sheet, year or stage", field: "stage")
            }
            var scores: [String: Double] = [:]
            for leaf in try await vanguard.scoring.templates().first(where: { $0.id == template })?.criteria.leaves ?? [] {
                let text = form["score." + leaf.code]
                guard !text.isEmpty else { continue }
                guard let v = Double(text) else { throw VanguardError.invalid("“\(leaf.title)”的得分须为数字", "'\(leaf.title)' needs a number", field: leaf.code) }
                scores[leaf.code] = v
            }
            _ = try await vanguard.scoring.score(
                templateID: template, organizationID: id, year: year, stage: stage, scores: scores, comment: form["comment"], as: caller)
            return redirect(WebURL.scoring(id, template: template, year: year))
        }
        router.get(WebRoute.scoringExport.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let q = request.uri.queryParameters
            let template = q["template"].flatMap { Int64(String($0)) } ?? 0
            let year = try year(request)
            let format = q["format"].flatMap { SheetFormat(rawValue: String($0)) } ?? .xlsx
            let data = try await vanguard.scoring.export(templateID: template, parentID: id, year: year, format: format, as: caller)
            return try Download.response(data)
        }
        router.get(WebRoute.scoringTemplates.path) { _, context in
            let caller = try context.requireCaller()
            let templates = try await vanguard.scoring.templates().map {
                TemplateView(title: $0.criteria.title, maximum: EvaluationRulesPage.number($0.criteria.maximum), lines: ScoringOutline.lines($0.criteria))
            }
            return views.render(
                "scoringtemplates",
                TemplatesModel(
                    frame: PageFrame(context, title: Strings.text(english: context.english)["scoringSheet"], path: WebURL.scoringTemplates),
                    templates: templates,
                    canEdit: EvaluationRulesPage.isOffice(caller)))
        }
        router.post(WebRoute.scoringTemplates.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let maximum = Double(form["maximum"]) else { throw VanguardError.invalid("请填写满分", "Enter the full marks", field: "maximum") }
            _ = try await vanguard.scoring.createTemplate(try ScoringOutline.parse(title: form["title"], maximum: maximum, text: form["outline"]), as: caller)
            return redirect(WebURL.scoringTemplates)
        }
    }
}
