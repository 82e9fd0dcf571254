import Foundation
import SQLKit
import VanguardCore

/// One voter's ballot as it waits to be counted: the code's hash and the answers, nothing else.
struct BallotRequest: Sendable {
    var codeHash: String
    var answers: [Int64: EvaluationAnswer]
    var remarks: [Int64: String]
}

/// What became of a ballot when its voter was answered.
public enum BallotOutcome: Sendable, Equatable {
    /// Committed: flipped code, counters grown, in one transaction with at least k − 1 other ballots.
    case counted
    /// Accepted and held in memory until its round has k ballots waiting, or closes. Its code stays
    /// unused on disk until then, so if the server stops first the voter can vote again.
    case pending
}

/// 群众评议的计票: ballots are counted in batches, and — for anonymity (issue 11) — a round's ballots
/// are committed only k at a time (or when it closes): no transaction, and so no WAL frame and no
/// backup, ever holds one voter's answers beside her flipped code. Each batch flips its codes and adds
/// its sums to the counters in one transaction, so each ballot is folded in exactly once, and a voter
/// told `counted` is durable. The hot path stays one transaction per batch (10,000 ballots a second).
actor BallotBatcher {
    let backend: any DatabaseBackend
    /// Ballots of one round committed together, at least (a setting; 1 turns the batching off).
    let minimumBatch: Int
    /// The most ballots one transaction counts.
    static let batchLimit = 2000

    private struct Waiting {
        var request: BallotRequest
        var waiter: CheckedContinuation<BallotOutcome, any Error>?
    }
    private var pending: [Int64: [UInt64: Waiting]] = [:]
    private var order: [Int64: [UInt64]] = [:]
    /// Codes pending or being committed: a second vote with one is refused like a used code.
    private var holding: Set<String> = []
    private var closed: Set<Int64> = []
    private var closingBatches: [Int64: [(UInt64, Waiting)]] = [:]
    private var nextID: UInt64 = 0
    /// A batch is being committed (the next waits for it: group commit).
    private var folding = false
    /// Rounds with a batch being committed, and closers waiting for it to end.
    private var inFlight: [Int64: Int] = [:]
    private var closers: [Int64: [CheckedContinuation<Void, Never>]] = [:]

    init(backend: any DatabaseBackend, minimumBatch: Int) {
        self.backend = backend
        self.minimumBatch = max(1, minimumBatch)
    }

    /// Holds a checked ballot of `round`; folds the round once k wait. Answers `counted` as soon as
    /// the ballot's batch committed, or `pending` after `wait` if it has not.
    ///
    /// Group commit: one batch is in the writer at a time. The voter whose ballot makes a round ready
    /// while the writer is idle folds it at once; ballots that arrive during that commit wait, and the
    /// next batch takes all of them (up to the batch limit). A commit costs an fsync whatever it holds,
    /// so under load a batch grows to the voters waiting instead of staying at k.
    func cast(_ request: BallotRequest, round: Int64, wait: Duration) async throws -> BallotOutcome {
        guard !closed.contains(round) else { throw MassEvaluationService.closedRound }
        guard holding.insert(request.codeHash).inserted else { throw MassEvaluationService.usedCode }
        nextID += 1
        let id = nextID
        pending[round, default: [:]][id] = Waiting(request: request, waiter: nil)
        order[round, default: []].append(id)
        if !folding, (order[round]?.count ?? 0) >= minimumBatch {
            folding = true
            let batch = takeInFlight(round)
            let outcome: Result<[UInt64: VanguardError?], any Error>
            do { outcome = .success(try await fold(batch, round: round)) } catch { outcome = .failure(error) }
            drainLater()
            if batch.contains(where: { $0.0 == id }) {
                if let refusal = try outcome.get()[id] ?? nil { throw refusal }
                return .counted
            }
        }
        guard wait > .zero else { return .pending }
        return try await withCheckedThrowingContinuation { continuation in
            pending[round]?[id]?.waiter = continuation
            Task {
                try? await Task.sleep(for: wait)
                self.stopWaiting(round: round, id: id)
            }
        }
    }

    /// After a batch: the next one, if a round filled meanwhile, is folded by a task of its own (its
    /// voters are waiting, or were told `pending`); otherwise the writer is idle again.
    private func drainLater() {
        guard let round = readyRound() else {
            folding = false
            return
        }
        let batch = takeInFlight(round)
        Task {
            _ = try? await self.fold(batch, round: round)
            self.drainLater()
        }
    }

    /// Takes a batch and counts it in flight at once, so that a close arriving before its task runs waits
    /// for it (`fold` counts it out).
    private func takeInFlight(_ round: Int64) -> [(UInt64, Waiting)] {
        inFlight[round, default: 0] += 1
        return take(round)
    }

    /// An open round with k ballots waiting, if any.
    private func readyRound() -> Int64? {
        order.first { !closed.contains($0.key) && $0.value.count >= minimumBatch }?.key
    }

    /// The voter's page stops waiting; the ballot stays pending.
    private func stopWaiting(round: Int64, id: UInt64) {
        guard let waiter = pending[round]?[id]?.waiter else { return }
        pending[round]?[id]?.waiter = nil
        waiter.resume(returning: .pending)
    }

    /// Removes a round's pending ballots (up to the batch limit), oldest first.
    private func take(_ round: Int64, all: Bool = false) -> [(UInt64, Waiting)] {
        let ids = all ? order[round] ?? [] : Array((order[round] ?? []).prefix(Self.batchLimit))
        order[round]?.removeFirst(ids.count)
        var out: [(UInt64, Waiting)] = []
        for id in ids { if let w = pending[round]?.removeValue(forKey: id) { out.append((id, w)) } }
        if order[round]?.isEmpty == true {
            order[round] = nil
            pending[round] = nil
        }
        return out
    }

    /// Commits one round's batch in a transaction of its own, then tells its waiting voters.
    /// Returns, per ballot id, nil if counted or why it was refused.
    private func fold(_ batch: [(UInt64, Waiting)], round: Int64) async throws -> [UInt64: VanguardError?] {
        let requests = batch.map(\.1.request)
        defer {
            inFlight[round]! -= 1
            if inFlight[round] == 0 {
                inFlight[round] = nil
                for closer in closers.removeValue(forKey: round) ?? [] { closer.resume() }
            }
        }
        do {
            let outcomes = try await backend.writeForgetting { db in try await Self.count(db, requests) }
            finish(batch, outcomes: outcomes, error: nil)
            return Dictionary(uniqueKeysWithValues: zip(batch.map(\.0), outcomes))
        } catch {
            finish(batch, outcomes: nil, error: error)
            throw error
        }
    }

    /// Tells the batch's voters: counted, or why not. Their codes leave `holding`: from now on the
    /// database says whether each is used.
    private func finish(_ batch: [(UInt64, Waiting)], outcomes: [VanguardError?]?, error: (any Error)?) {
        for (i, (_, w)) in batch.enumerated() {
            holding.remove(w.request.codeHash)
            guard let waiter = w.waiter else { continue }
            if let error {
                waiter.resume(throwing: error)
            } else if let refusal = outcomes?[i] {
                waiter.resume(throwing: refusal)
            } else {
                waiter.resume(returning: .counted)
            }
        }
    }

    /// For closing a round: its pending ballots, to be counted in the closing transaction, whatever
    /// their number (the results are published at close anyway). No ballot joins the round after this,
    /// and a batch of the round already in the writer is waited for: it counts before the results freeze.
    func closing(_ round: Int64) async throws -> [BallotRequest] {
        // A second close while the first is under way (a form sent twice) would take its ballots' place.
        guard closingBatches[round] == nil else { throw VanguardError.conflict("评议正在结束", "The round is being closed") }
        closingBatches[round] = []
        closed.insert(round)
        if inFlight[round] != nil { await withCheckedContinuation { closers[round, default: []].append($0) } }
        let batch = take(round, all: true)
        closingBatches[round] = batch
        return batch.map(\.1.request)
    }

    /// The closing transaction committed (or failed): tell the voters whose ballots it carried. A
    /// failed close leaves the round open, and those ballots are refused like any failed batch.
    func closed(_ round: Int64, outcomes: [VanguardError?]?, error: (any Error)?) {
        let batch = closingBatches.removeValue(forKey: round) ?? []
        if error != nil { closed.remove(round) }
        finish(batch, outcomes: outcomes, error: error)
    }

    /// Counts ballots inside the caller's transaction; returns, per ballot, nil if counted or why it was refused.
    static func count(_ db: any SQLDatabase, _ requests: [BallotRequest]) async throws -> [VanguardError?] {
        do {
            let codes = try await BallotCodeRepository.get(db, hashes: Array(Set(requests.map(\.codeHash))))
            // Lock the rounds against a concurrent close, so no ballot lands after its results froze.
            let roundIDs = Array(Set(codes.values.map(\.round)))
            try await EvaluationRoundRepository.lock(db, ids: roundIDs)
            var rounds: [Int64: EvaluationRoundRecord] = [:]
            for id in roundIDs { rounds[id] = try await MassEvaluationService.load(db, id) }

            var outcome = [VanguardError?](repeating: nil, count: requests.count)
            var first: [String: Int] = [:]  // code → the one ballot that may use it
            for (i, r) in requests.enumerated() {
                guard let code = codes[r.codeHash] else {
                    outcome[i] = MassEvaluationService.unknownCode
                    continue
                }
                guard !code.used, first[r.codeHash] == nil else {
                    outcome[i] = MassEvaluationService.usedCode
                    continue
                }
                guard let round = rounds[code.round], round.open else {
                    outcome[i] = MassEvaluationService.closedRound
                    continue
                }
                let targets = Set(round.targets.map(\.id))
                guard Set(r.answers.keys).isSubset(of: targets), Set(r.remarks.keys).isSubset(of: targets) else {
                    outcome[i] = VanguardError.invalid("评议对象不属于本次评议", "A target is not part of this round", field: "answers")
                    continue
                }
                first[r.codeHash] = i
            }
            // Flip the codes; only those this transaction flipped count (another server may have won one).
            let flipped = try await BallotCodeRepository.markUsed(db, hashes: Array(first.keys))
            var sums: [Int64: [EvaluationAnswer: Int]] = [:]
            var perRound: [Int64: Int] = [:]
            var remarks: [Int64: [String]] = [:]
            for (hash, i) in first {
                guard flipped.contains(hash) else {
                    outcome[i] = MassEvaluationService.usedCode
                    continue
                }
                let r = requests[i]
                for (target, answer) in r.answers { sums[target, default: [:]][answer, default: 0] += 1 }
                for (target, text) in r.remarks {
                    let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !t.isEmpty { remarks[target, default: []].append(t) }
                }
                perRound[codes[hash]!.round, default: 0] += 1
            }
            // 写入路径: the batch's answers join the statistics of each round's organization, in this transaction.
            try await WritePath.changing(db, Changes(ballotCounts: Set(perRound.keys)), now: 0) {
                for (target, answers) in sums {
                    for (answer, n) in answers { try await EvaluationRoundRepository.addCount(db, targetID: target, answer: answer, n: n) }
                }
            }
            for (target, texts) in remarks { try await MassEvaluationService.addRemarks(db, target: target, texts: texts) }
            for (round, n) in perRound { try await EvaluationRoundRepository.addBallots(db, roundID: round, n: n) }
            return outcome
        }
    }
}
