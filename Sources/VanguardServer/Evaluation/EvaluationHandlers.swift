import Foundation
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// 群众评议 in the JSON API: the organizer's round, codes and results; the voter's ballot (no login).
extension APIService {
    func listEvaluationRounds(_ input: Operations.ListEvaluationRounds.Input) async throws -> Operations.ListEvaluationRounds.Output {
        let c = try caller
        var out: [S.EvaluationRound] = []
        for r in try await vanguard.massEvaluation.rounds(organizationID: input.path.id, as: c) {
            out.append(Self.round(r, try await vanguard.massEvaluation.results(roundID: r.id, as: c)))
        }
        return .ok(.init(body: .json(out)))
    }

    func openEvaluationRound(_ input: Operations.OpenEvaluationRound.Input) async throws -> Operations.OpenEvaluationRound.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        let c = try caller
        let r = try await vanguard.massEvaluation.open(organizationID: input.path.id, title: b.title, as: c)
        return .created(.init(body: .json(Self.round(r, try await vanguard.massEvaluation.results(roundID: r.id, as: c)))))
    }

    func getEvaluationRound(_ input: Operations.GetEvaluationRound.Input) async throws -> Operations.GetEvaluationRound.Output {
        let c = try caller
        let r = try await vanguard.massEvaluation.round(input.path.id, as: c)
        return .ok(.init(body: .json(Self.round(r, try await vanguard.massEvaluation.results(roundID: r.id, as: c)))))
    }

    func issueBallotCodes(_ input: Operations.IssueBallotCodes.Input) async throws -> Operations.IssueBallotCodes.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        return .created(.init(body: .json(try await vanguard.massEvaluation.issueCodes(roundID: input.path.id, count: b.count, as: try caller))))
    }

    func closeEvaluationRound(_ input: Operations.CloseEvaluationRound.Input) async throws -> Operations.CloseEvaluationRound.Output {
        let c = try caller
        let results = try await vanguard.massEvaluation.close(roundID: input.path.id, as: c)
        return .ok(.init(body: .json(Self.round(try await vanguard.massEvaluation.round(input.path.id, as: c), results))))
    }

    func getBallot(_ input: Operations.GetBallot.Input) async throws -> Operations.GetBallot.Output {
        let r = try await guarded { try await vanguard.massEvaluation.ballot(code: input.path.code) }
        return .ok(.init(body: .json(.init(title: r.title, organizationName: r.organizationName, targets: r.targets.map(Self.target)))))
    }

    func castBallot(_ input: Operations.CastBallot.Input) async throws -> Operations.CastBallot.Output {
        guard case .json(let b) = input.body else { throw APIErrors.badBody }
        var answers: [Int64: EvaluationAnswer] = [:]
        var remarks: [Int64: String] = [:]
        for a in b.answers {
            answers[a.targetId] = EvaluationAnswer(rawValue: a.answer.rawValue)
            if let r = a.remark { remarks[a.targetId] = r }
        }
        let outcome = try await guarded {
            try await vanguard.massEvaluation.cast(code: input.path.code, answers: answers, remarks: remarks, wait: ballotWait)
        }
        return outcome == .counted ? .noContent(.init()) : .accepted(.init())
    }

    /// Runs a code lookup under the per-client throttle; an unknown code counts as a guess.
    func guarded<T>(_ body: () async throws -> T) async throws -> T {
        let key = BallotGuesses.key(RequestClient.address)
        try await guesses.check(key, now: vanguard.time.nowMillis())
        do { return try await body() } catch let e as VanguardError where e.kind == .notFound {
            await guesses.fail(key, now: vanguard.time.nowMillis())
            throw e
        }
    }

    static func target(_ t: EvaluationTarget) -> S.EvaluationTarget { .init(id: t.id, name: t.name, memberId: t.memberID) }

    static func round(_ r: EvaluationRoundRecord, _ results: [EvaluationResult]) -> S.EvaluationRound {
        .init(
            id: r.id, organizationId: r.organizationID, organizationName: r.organizationName, title: r.title, period: r.period, open: r.open,
            codesIssued: r.codesIssued, ballots: r.ballots,
            results: results.map {
                .init(
                    target: target($0.target), satisfied: $0.counts[.satisfied] ?? 0, basicallySatisfied: $0.counts[.basicallySatisfied] ?? 0,
                    dissatisfied: $0.counts[.dissatisfied] ?? 0, satisfactionRate: $0.rate, remarks: $0.remarks)
            })
    }
}
