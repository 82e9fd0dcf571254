import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// The commitments part of the JSON API: thin handlers over `CommitmentService`.
extension APIService {
    func createCommitment(_ input: Operations.CreateCommitment.Input) async throws -> Operations.CreateCommitment.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let kind = CommitmentKind(rawValue: b.kind.rawValue)!
        let items = try b.items.map(CommitmentMapping.item)
        let created: CommitmentRecord
        switch (b.memberId, b.organizationId) {
        case (let m?, nil): created = try await vanguard.commitments.createForMember(m, at: b.placeId, kind: kind, year: b.year, items: items, as: c)
        case (nil, let o?): created = try await vanguard.commitments.createForOrganization(o, kind: kind, year: b.year, items: items, as: c)
        default: throw VanguardError.invalid("请指定党员或组织之一", "Give exactly one of memberId and organizationId", field: "memberId")
        }
        return .created(.init(body: .json(CommitmentMapping.commitment(created))))
    }

    func getCommitment(_ input: Operations.GetCommitment.Input) async throws -> Operations.GetCommitment.Output {
        .ok(.init(body: .json(CommitmentMapping.commitment(try await vanguard.commitments.get(input.path.id, as: try caller)))))
    }

    func myCommitments(_ input: Operations.MyCommitments.Input) async throws -> Operations.MyCommitments.Output {
        .ok(.init(body: .json(try await vanguard.commitments.mine(as: try caller).commitments.map(CommitmentMapping.commitment))))
    }

    func withdrawCommitment(_ input: Operations.WithdrawCommitment.Input) async throws -> Operations.WithdrawCommitment.Output {
        .ok(.init(body: .json(CommitmentMapping.commitment(try await vanguard.commitments.act(input.path.id, .withdraw, as: try caller)))))
    }

    func reviseCommitment(_ input: Operations.ReviseCommitment.Input) async throws -> Operations.ReviseCommitment.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let revised = try await vanguard.commitments.updateItems(
            input.path.id, items: try b.items.map(CommitmentMapping.item), expectedVersion: b.version, as: try caller)
        return .ok(.init(body: .json(CommitmentMapping.commitment(revised))))
    }

    func commitmentHistory(_ input: Operations.CommitmentHistory.Input) async throws -> Operations.CommitmentHistory.Output {
        let events = try await vanguard.commitments.history(input.path.id, as: try caller)
        return .ok(
            .init(
                body: .json(
                    events.map {
                        .init(
                            action: $0.action, from: $0.from?.rawValue, to: $0.to.rawValue, actor: $0.actor, note: $0.note,
                            at: Date(timeIntervalSince1970: Double($0.at) / 1000))
                    })))
    }

    func actOnCommitment(_ input: Operations.ActOnCommitment.Input) async throws -> Operations.ActOnCommitment.Output {
        var step: Components.Schemas.CommitmentStep?
        if case .json(let b)? = input.body { step = b }
        let action = CommitmentAction(rawValue: input.path.action.rawValue)!
        let after = try await vanguard.commitments.act(input.path.id, action, note: step?.note, expectedVersion: step?.version, as: try caller)
        return .ok(.init(body: .json(CommitmentMapping.commitment(after))))
    }

    func publicBoard(_ input: Operations.PublicBoard.Input) async throws -> Operations.PublicBoard.Output {
        let board = try await vanguard.commitments.board(organizationID: input.path.id)
        return .ok(
            .init(
                body: .json(
                    .init(
                        organizationId: board.organization.id, organizationName: board.organization.name,
                        commitments: board.commitments.map {
                            .init(
                                id: $0.id, memberName: $0.memberName, kind: $0.kind.rawValue, kindName: $0.kind.name.zh, stateName: $0.state.name.zh,
                                items: $0.items.map(CommitmentMapping.item), itemsFulfilled: $0.items.filter(\.fulfilled).count)
                        }))))
    }
}

/// Conversions between commitment records and the API's generated types.
enum CommitmentMapping {
    typealias S = Components.Schemas

    static func item(_ i: S.CommitmentItem) throws -> CommitmentItemDraft {
        CommitmentItemDraft(
            content: i.content, responsibility: i.responsibility, deadline: try APIMapping.day(i.deadline, field: "deadline"),
            expectedResult: i.expectedResult, focusArea: i.focusArea)
    }

    static func item(_ i: CommitmentItemRecord) -> S.CommitmentItem {
        S.CommitmentItem(
            content: i.draft.content, responsibility: i.draft.responsibility, deadline: i.draft.deadline.description,
            expectedResult: i.draft.expectedResult, focusArea: i.draft.focusArea, fulfilled: i.fulfilled)
    }

    static func commitment(_ c: CommitmentRecord) -> S.Commitment {
        var memberID: Int64?
        if case .member(let id) = c.subject { memberID = id }
        return S.Commitment(
            id: c.id, year: c.year, kind: .init(rawValue: c.kind.rawValue)!, kindName: c.kind.name.zh, memberId: memberID, memberName: c.memberName,
            organizationId: c.organizationID, organizationName: c.organizationName, reviewerOrganizationId: c.reviewerOrganizationID,
            state: .init(rawValue: c.state.rawValue)!, stateName: c.state.name.zh, round: c.round, carriedFrom: c.carriedFrom, higherStandard: c.higherStandard,
            returnReason: c.returnReason,
            version: c.version, items: c.items.map(item))
    }
}
