import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 领导点评、组织认定、积分评星、评分表 in the JSON API.
extension APIService {
    static func period(_ text: String) throws -> HalfYear {
        guard let p = HalfYear(text) else { throw VanguardError.invalid("半年写作“2026-H2”的形式", "A half year looks like 2026-H2", field: "period") }
        return p
    }

    static func comment(_ r: LeaderCommentRecord) -> S.LeaderComment {
        .init(
            period: r.period.description, relation: r.relation.rawValue, relationName: r.relation.name.zh, organizationId: r.organizationID,
            memberId: r.memberID,
            subjectName: r.subjectName, commenterName: r.commenterName, achievements: r.draft.achievements, problems: r.draft.problems,
            direction: r.draft.direction, grade: .init(rawValue: r.draft.grade.rawValue)!, gradeName: r.draft.grade.name.zh)
    }

    func listCommentDuties(_ input: Operations.ListCommentDuties.Input) async throws -> Operations.ListCommentDuties.Output {
        let duties = try await vanguard.leaderComments.duties(period: try Self.period(input.query.period), as: try caller)
        return .ok(
            .init(
                body: .json(
                    duties.map {
                        var comment = $0.comment.map(Self.comment)
                        comment?.subjectName = $0.subjectName
                        return .init(
                            relation: $0.relation.rawValue, relationName: $0.relation.name.zh, organizationId: $0.organizationID, memberId: $0.memberID,
                            subjectName: $0.subjectName, comment: comment)
                    })))
    }

    func writeComment(_ input: Operations.WriteComment.Input) async throws -> Operations.WriteComment.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let draft = LeaderCommentDraft(
            achievements: b.achievements, problems: b.problems, direction: b.direction, grade: EvaluationGrade(rawValue: b.grade.rawValue)!)
        let r = try await vanguard.leaderComments.comment(
            period: try Self.period(b.period), organizationID: b.organizationId, memberID: b.memberId, draft, as: try caller)
        return .created(.init(body: .json(Self.comment(r))))
    }

    func listComments(_ input: Operations.ListComments.Input) async throws -> Operations.ListComments.Output {
        let list = try await vanguard.leaderComments.comments(organizationID: input.path.id, memberID: input.query.memberId, as: try caller)
        return .ok(.init(body: .json(list.map(Self.comment))))
    }

    func commentProgress(_ input: Operations.CommentProgress.Input) async throws -> Operations.CommentProgress.Output {
        let (rows, outstanding) = try await vanguard.leaderComments.progress(
            organizationID: input.path.id, period: try Self.period(input.query.period), as: try caller)
        return .ok(
            .init(
                body: .json(
                    .init(
                        rows: rows.map {
                            .init(
                                relation: $0.relation.rawValue, relationName: $0.relation.name.zh, expected: $0.expected, done: $0.done,
                                progress: .init(rawValue: $0.progress.rawValue)!)
                        },
                        outstanding: outstanding.map {
                            .init(
                                relation: $0.relation.rawValue, subjectName: $0.subjectName, organizationName: $0.organizationName,
                                commenterName: $0.commenterName)
                        }))))
    }

    func listLeaderContacts(_ input: Operations.ListLeaderContacts.Input) async throws -> Operations.ListLeaderContacts.Output {
        let list = try await vanguard.leaderComments.contacts(organizationID: input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    list.map {
                        .init(
                            id: $0.id, memberId: $0.memberID, memberName: $0.memberName, organizationId: $0.organizationID,
                            organizationName: $0.organizationName,
                            kind: .init(rawValue: $0.relation.rawValue)!)
                    })))
    }

    func addLeaderContact(_ input: Operations.AddLeaderContact.Input) async throws -> Operations.AddLeaderContact.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        try await vanguard.leaderComments.addContact(
            organizationID: input.path.id, memberNo: b.memberNo, relation: CommentRelation(rawValue: b.kind.rawValue)!, as: try caller)
        return .noContent(.init())
    }

    func removeLeaderContact(_ input: Operations.RemoveLeaderContact.Input) async throws -> Operations.RemoveLeaderContact.Output {
        try await vanguard.leaderComments.removeContact(id: input.path.id, as: try caller)
        return .noContent(.init())
    }

    static func determination(_ d: DeterminationRecord) -> S.Determination {
        func g(_ grade: EvaluationGrade?) -> S.GradeName? { grade.flatMap { .init(rawValue: $0.rawValue) } }
        return .init(
            commentGrade: g(d.commentGrade), fulfilmentRate: d.fulfilmentRate, satisfactionRate: d.satisfactionRate, proposedScore: d.proposedScore,
            proposedGrade: g(d.proposedGrade), grade: g(d.decided), reason: d.reason, missing: d.missing.map(\.zh))
    }

    func getDetermination(_ input: Operations.GetDetermination.Input) async throws -> Operations.GetDetermination.Output {
        let d = try await vanguard.determinations.propose(organizationID: input.path.id, memberID: input.query.memberId, year: input.query.year, as: try caller)
        return .ok(.init(body: .json(Self.determination(d))))
    }

    func determine(_ input: Operations.Determine.Input) async throws -> Operations.Determine.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let d = try await vanguard.determinations.determine(
            organizationID: input.path.id, memberID: b.memberId, year: b.year, grade: EvaluationGrade(rawValue: b.grade.rawValue)!, reason: b.reason,
            as: try caller)
        return .ok(.init(body: .json(Self.determination(d))))
    }

    func getEvaluationSettings(_ input: Operations.GetEvaluationSettings.Input) async throws -> Operations.GetEvaluationSettings.Output {
        _ = try caller
        let s = try await vanguard.points.settings(year: input.query.year)
        let d = s.determination
        return .ok(
            .init(
                body: .json(
                    .init(
                        commentWeight: d.commentWeight, fulfilmentWeight: d.fulfilmentWeight, satisfactionWeight: d.satisfactionWeight,
                        excellentFrom: d.excellentFrom,
                        qualifiedFrom: d.qualifiedFrom, basicallyQualifiedFrom: d.basicallyQualifiedFrom,
                        pointRules: s.pointRules.map { .init(event: $0.event, points: $0.points, yearlyCap: $0.yearlyCap) }, memberStars: s.memberStars,
                        organizationStars: s.organizationStars))))
    }

    func saveEvaluationSettings(_ input: Operations.SaveEvaluationSettings.Input) async throws -> Operations.SaveEvaluationSettings.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let settings = EvaluationSettings(
            determination: .init(
                commentWeight: b.commentWeight, fulfilmentWeight: b.fulfilmentWeight, satisfactionWeight: b.satisfactionWeight, excellentFrom: b.excellentFrom,
                qualifiedFrom: b.qualifiedFrom, basicallyQualifiedFrom: b.basicallyQualifiedFrom),
            pointRules: b.pointRules.map { PointRule(event: $0.event, points: $0.points, yearlyCap: $0.yearlyCap) }, memberStars: b.memberStars,
            organizationStars: b.organizationStars)
        try await vanguard.points.saveSettings(campaignID: input.path.id, settings, as: try caller)
        return .noContent(.init())
    }

    static func standing(_ s: PointStanding) -> S.PointStanding {
        .init(memberId: s.memberID, name: s.name, total: s.total, rank: s.rank, stars: s.stars)
    }

    static func entry(_ e: PointEntry) -> S.PointEntry {
        .init(
            id: e.id, memberId: e.memberID, memberName: e.memberName, event: e.event.rawValue, eventName: e.event.name.zh, day: e.day.description,
            points: e.points,
            reason: e.reason, state: .init(rawValue: e.state) ?? .pending, proposedBy: e.proposedBy, approvedBy: e.approvedBy)
    }

    func pointRanking(_ input: Operations.PointRanking.Input) async throws -> Operations.PointRanking.Output {
        let list = try await vanguard.points.ranking(branchID: input.path.id, year: input.query.year, as: try caller)
        return .ok(.init(body: .json(list.map(Self.standing))))
    }

    func pendingPoints(_ input: Operations.PendingPoints.Input) async throws -> Operations.PendingPoints.Output {
        .ok(.init(body: .json(try await vanguard.points.pending(branchID: input.path.id, as: try caller).map(Self.entry))))
    }

    func memberPoints(_ input: Operations.MemberPoints.Input) async throws -> Operations.MemberPoints.Output {
        let (entries, standing) = try await vanguard.points.ledger(memberID: input.path.id, year: input.query.year, as: try caller)
        return .ok(.init(body: .json(.init(standing: Self.standing(standing), entries: entries.map(Self.entry)))))
    }

    func proposePoints(_ input: Operations.ProposePoints.Input) async throws -> Operations.ProposePoints.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let id = try await vanguard.points.propose(memberID: input.path.id, points: b.points, reason: b.reason, as: try caller)
        return .created(.init(body: .json(.init(id: id))))
    }

    func decidePoints(_ input: Operations.DecidePoints.Input) async throws -> Operations.DecidePoints.Output {
        try await vanguard.points.decide(eventID: input.path.id, approve: input.path.decision == .approve, as: try caller)
        return .noContent(.init())
    }

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
            return .ok(.init(body: format == .csv ? .csv(HTTPBody(data)) : .applicationVnd_openxmlformatsOfficedocument_spreadsheetml_sheet(HTTPBody(data))))
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
