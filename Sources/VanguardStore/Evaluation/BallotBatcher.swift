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
    /// The most ballots one transaction counts (2000; smaller in a test).
    let batchLimit: Int

    private struct Waiting {
        var request: BallotRequest
        var waiter: CheckedContinuation<BallotOutcome, any Error>?
    }
    private var pending: [Int64: [UInt64: Waiting]] = [:]
    private var order: [Int64: [UInt64]] = [:]
    /// Codes pending or being committed: a second vote with one is refused like a used code.
    private var holding: Set<String> = []
    /// Codes the last batches flipped, for a vote whose precheck read the database before they committed.
    private var counted = CountedCodes()
    private var closed: Set<Int64> = []
    private var closingBatches: [Int64: [(UInt64, Waiting)]] = [:]
    private var nextID: UInt64 = 0
    /// A batch is being committed (the next waits for it: group commit).
    private var folding = false
    /// Rounds with a batch being committed, and closers waiting for it to end.
    private var inFlight: [Int64: Int] = [:]
    private var closers: [Int64: [CheckedContinuation<Void, Never>]] = [:]

    init(backend: any DatabaseBackend, minimumBatch: Int, batchLimit: Int = 2000) {
        self.backend = backend
        self.minimumBatch = max(1, minimumBatch)
        self.batchLimit = max(1, batchLimit)
    }

    /// Holds a checked ballot of `round`; folds the round once k wait. Answers `counted` as soon as
    /// the ballot's batch committed, or `pending` after `wait` if it has not.
    ///
    /// Group commit: one batch is in the writer at a time. The ballot that makes a round ready while
    /// the writer is idle starts its batch at once; ballots that arrive during that commit wait, and the
    /// next batch takes all of them (up to the batch limit). A commit costs an fsync whatever it holds,
    /// so under load a batch grows to the voters waiting instead of staying at k.
    ///
    /// `seen` is `batchesFinished` read before the caller's precheck: a code flipped by a batch that
    /// finished after it was still unused in what the precheck read, and is refused here. If those
    /// batches are no longer remembered the caller prechecks again (`Stale`); nil skips the check (the
    /// batch itself still refuses a used code, after the voter was told `pending`).
    func cast(_ request: BallotRequest, round: Int64, wait: Duration, seen: Int?) async throws -> BallotOutcome {
        guard !closed.contains(round) else { throw MassEvaluationService.closedRound }
        if let seen, try counted.contains(request.codeHash, since: seen) { throw MassEvaluationService.usedCode }
        guard holding.insert(request.codeHash).inserted else { throw MassEvaluationService.usedCode }
        nextID += 1
        let id = nextID
        pending[round, default: [:]][id] = Waiting(request: request, waiter: nil)
        order[round, default: []].append(id)
        guard wait > .zero else {
            // Nobody waits: fold now if the round is ready, and answer from the batch if it held this ballot.
            guard let batch = startBatch(round) else { return .pending }
            let outcome: Result<[UInt64: VanguardError?], any Error>
            do { outcome = .success(try await fold(batch, round: round)) } catch { outcome = .failure(error) }
            drainLater()
            guard batch.contains(where: { $0.0 == id }) else { return .pending }
            if let refusal = try outcome.get()[id] ?? nil { throw refusal }
            return .counted
        }
        // The waiter is in place before any batch can take the ballot, so whichever batch takes it tells
        // the voter (a batch holds at most `batchLimit`: the one this ballot starts may leave it to the next).
        return try await withCheckedThrowingContinuation { continuation in
            pending[round]?[id]?.waiter = continuation
            Task {
                try? await Task.sleep(for: wait)
                self.stopWaiting(round: round, id: id)
            }
            if let batch = startBatch(round) {
                Task {
                    _ = try? await self.fold(batch, round: round)
                    self.drainLater()
                }
            }
        }
    }

    /// The round's batch, if it has k ballots waiting and the writer is idle: it is now the writer's.
    private func startBatch(_ round: Int64) -> [(UInt64, Waiting)]? {
        guard !folding, (order[round]?.count ?? 0) >= minimumBatch else { return nil }
        folding = true
        return takeInFlight(round)
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
        let ids = all ? order[round] ?? [] : Array((order[round] ?? []).prefix(batchLimit))
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

    /// Batches finished so far (committed or failed), read before a precheck: see `cast`.
    nonisolated var batchesFinished: Int { finished.current }
    private nonisolated let finished = Counter()

    /// Tells the batch's voters: counted, or why not. Their codes leave `holding`: from now on the
    /// database says whether each is used, and `counted` says it to a precheck that read before the commit.
    private func finish(_ batch: [(UInt64, Waiting)], outcomes: [VanguardError?]?, error: (any Error)?) {
        let flipped = error != nil ? [] : batch.indices.compactMap { outcomes?[$0] == nil ? batch[$0].1.request.codeHash : nil }
        counted.add(flipped, batch: finished.increment())
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

/// The codes that the last batches flipped, with each batch's number (`BallotBatcher.batchesFinished`
/// after it). A voter's precheck reads the database at some moment; a batch finished after that moment
/// may have flipped her code without her read seeing it, so the batcher looks here before it accepts
/// the ballot. Kept to the last `limit` codes (a few megabytes; 16 full batches, far more than commit
/// during one precheck): a precheck older than that is told to read again. It knows this process's
/// batches only: a second server on the same PostgreSQL is not seen here (its double is refused by the
/// batch, after the voter was told `pending`).
struct CountedCodes {
    /// Answered when a precheck is older than the batches remembered.
    struct Stale: Error {}
    static let limit = 32_000
    private var batches: [(number: Int, codes: Set<String>)] = []
    private var total = 0
    /// The highest batch number forgotten.
    private var forgotten = 0

    mutating func add(_ codes: [String], batch number: Int) {
        if !codes.isEmpty {
            batches.append((number, Set(codes)))
            total += codes.count
        }
        while total > Self.limit, batches.count > 1 {
            let old = batches.removeFirst()
            total -= old.codes.count
            forgotten = old.number
        }
    }

    /// Whether a batch numbered above `seen` flipped `code`.
    func contains(_ code: String, since seen: Int) throws -> Bool {
        guard seen >= forgotten else { throw Stale() }
        for batch in batches.reversed() {
            guard batch.number > seen else { return false }
            if batch.codes.contains(code) { return true }
        }
        return false
    }
}
