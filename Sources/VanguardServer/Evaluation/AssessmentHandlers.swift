import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 领导点评、联系点、组织认定、评价办法 in the JSON API.
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
                        organizationStars: s.organizationStars, visitIntervalMonths: s.visitIntervalMonths))))
    }

    func saveEvaluationSettings(_ input: Operations.SaveEvaluationSettings.Input) async throws -> Operations.SaveEvaluationSettings.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let caller = try caller
        // Left out by a client that predates it, the visit interval keeps its saved value.
        var interval = b.visitIntervalMonths
        if interval == nil { interval = try await vanguard.points.settings(campaignID: input.path.id).settings.visitIntervalMonths }
        let settings = EvaluationSettings(
            determination: .init(
                commentWeight: b.commentWeight, fulfilmentWeight: b.fulfilmentWeight, satisfactionWeight: b.satisfactionWeight, excellentFrom: b.excellentFrom,
                qualifiedFrom: b.qualifiedFrom, basicallyQualifiedFrom: b.basicallyQualifiedFrom),
            pointRules: b.pointRules.map { PointRule(event: $0.event, points: $0.points, yearlyCap: $0.yearlyCap) }, memberStars: b.memberStars,
            organizationStars: b.organizationStars, visitIntervalMonths: interval ?? 3)
        try await vanguard.points.saveSettings(campaignID: input.path.id, settings, as: caller)
        return .noContent(.init())
    }
}
