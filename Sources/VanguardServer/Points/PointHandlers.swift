import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 积分评星 in the JSON API: rankings, a member's ledger, manual entries and their approval.
extension APIService {
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
}
