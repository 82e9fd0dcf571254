import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 百分制考评 in the JSON API: templates, sheets by stage and rankings.
extension APIService {
    static func criterion(_ c: ScoringCriterion) -> S.ScoringCriterion {
        .init(code: c.code, title: c.title, maximum: c.maximum, children: c.children.isEmpty ? nil : c.children.map(criterion))
    }

    static func criterion(_ c: S.ScoringCriterion) -> ScoringCriterion {
        .init(code: c.code, title: c.title, maximum: c.maximum, children: (c.children ?? []).map(criterion))
    }

    func listScoringTemplates(_ input: Operations.ListScoringTemplates.Input) async throws -> Operations.ListScoringTemplates.Output {
        _ = try caller
        return .ok(.init(body: .json(try await vanguard.scoring.templates().map { .init(id: $0.id, criteria: Self.criterion($0.criteria)) })))
    }

    func createScoringTemplate(_ input: Operations.CreateScoringTemplate.Input) async throws -> Operations.CreateScoringTemplate.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let root = Self.criterion(b)
        let id = try await vanguard.scoring.createTemplate(root, as: try caller)
        return .created(.init(body: .json(.init(id: id, criteria: Self.criterion(root)))))
    }

    static func sheet(_ s: ScoringSheetRecord) -> S.ScoringSheet {
        .init(
            templateId: s.template.id, organizationId: s.organization.id, organizationName: s.organization.name, year: s.year, final: s.final,
            stages: ScoringStage.allCases.compactMap { stage in
                s.entries[stage].map {
                    .init(
                        stage: stage.rawValue, stageName: stage.name.zh, scores: .init(additionalProperties: $0.scores), total: $0.total, comment: $0.comment,
                        scoredBy: $0.scoredBy)
                }
            })
    }

    func getScoringSheet(_ input: Operations.GetScoringSheet.Input) async throws -> Operations.GetScoringSheet.Output {
        let s = try await vanguard.scoring.sheet(templateID: input.path.templateId, organizationID: input.path.id, year: input.query.year, as: try caller)
        return .ok(.init(body: .json(Self.sheet(s))))
    }

    func scoreStage(_ input: Operations.ScoreStage.Input) async throws -> Operations.ScoreStage.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let s = try await vanguard.scoring.score(
            templateID: input.path.templateId, organizationID: input.path.id, year: b.year, stage: ScoringStage(rawValue: input.path.stage.rawValue)!,
            scores: b.scores.additionalProperties, comment: b.comment, as: try caller)
        return .ok(.init(body: .json(Self.sheet(s))))
    }

    func scoringRanking(_ input: Operations.ScoringRanking.Input) async throws -> Operations.ScoringRanking.Output {
        let c = try caller
        if let f = input.query.format, f != .json, let format = SheetFormat(rawValue: f.rawValue) {
            let data = try await vanguard.scoring.export(
                templateID: input.path.templateId, parentID: input.path.id, year: input.query.year, format: format, as: c)
            let body = try Download.body(data)
            return .ok(.init(body: format == .csv ? .csv(body) : .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(body)))
        }
        let rows = try await vanguard.scoring.ranking(templateID: input.path.templateId, parentID: input.path.id, year: input.query.year, as: c)
        return .ok(
            .init(
                body: .json(
                    rows.map {
                        .init(
                            organizationId: $0.organizationID, name: $0.name, selfCheck: $0.totals[.selfCheck], assessment: $0.totals[.assessment],
                            comprehensive: $0.totals[.comprehensive], final: $0.final, rank: $0.rank, stars: $0.stars)
                    })))
    }
}
