import Foundation
import SQLKit
import VanguardCore

/// One voter's ballot as it waits to be counted: the code's hash and the answers, nothing else.
struct BallotRequest: Sendable {
    var codeHash: String
    var answers: [Int64: EvaluationAnswer]
    var remarks: [Int64: String]
}

/// 群众评议的计票: ballot submission is the hottest write path (10,000 a second, issue 4), so ballots
/// are counted in batches — group commit. Each caller waits until the transaction holding its ballot
/// has committed (nothing acknowledged is lost); within that one transaction the codes flip to used
/// and the counters grow by the batch's sums, so each ballot is folded in exactly once. A batch costs
/// a handful of statements whatever its size, instead of a counter update per target per ballot; and
/// it mixes many voters' answers into one sum, which only helps anonymity.
actor BallotBatcher {
    let backend: any DatabaseBackend
    /// The most ballots one transaction counts; the rest wait for the next.
    static let batchLimit = 2000
    private var pending: [(BallotRequest, CheckedContinuation<Void, any Error>)] = []
    private var draining = false

    init(backend: any DatabaseBackend) { self.backend = backend }

    /// Returns once the ballot is committed, or throws why it was refused (used, unknown, closed…).
    func cast(_ request: BallotRequest) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            pending.append((request, c))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    /// Counts batches until nobody waits; ballots arriving meanwhile form the next batch.
    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.batchLimit))
            pending.removeFirst(batch.count)
            do {
                let outcomes = try await Self.count(backend, batch.map(\.0))
                for ((_, c), refusal) in zip(batch, outcomes) {
                    if let refusal { c.resume(throwing: refusal) } else { c.resume() }
                }
            } catch {
                // The transaction rolled back: no ballot of this batch counted, and every voter is told.
                for (_, c) in batch { c.resume(throwing: error) }
            }
        }
        draining = false
    }

    /// Counts one batch in one transaction; returns, per ballot, nil if counted or why it was refused.
    static func count(_ backend: any DatabaseBackend, _ requests: [BallotRequest]) async throws -> [VanguardError?] {
        try await backend.write { db in
            var codes: [String: (round: Int64, used: Bool)] = [:]
            for chunk in Array(Set(requests.map(\.codeHash))).chunked(500) {
                for row in try await db.raw(
                    "SELECT code_hash, round_id, used FROM ballot_codes WHERE code_hash IN (\(SQLList(chunk.map { SQLBind($0) })))"
                ).all() {
                    codes[try row.string("code_hash")] = (try row.int64("round_id"), try row.bool("used"))
                }
            }
            // Lock the rounds against a concurrent close, so no ballot lands after its results froze.
            let roundIDs = Array(Set(codes.values.map(\.round)))
            if db.engine == .postgres, !roundIDs.isEmpty {
                _ = try await db.raw("SELECT id FROM evaluation_rounds WHERE id IN (\(SQLList(roundIDs.map { SQLBind($0) }))) FOR UPDATE").all()
            }
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
            var flipped = Set<String>()
            for chunk in Array(first.keys).chunked(500) {
                flipped.formUnion(
                    try await db.raw(
                        "UPDATE ballot_codes SET used = \(bind: true) WHERE code_hash IN (\(SQLList(chunk.map { SQLBind($0) }))) AND used = \(bind: false) RETURNING code_hash"
                    ).all(decodingColumn: "code_hash", as: String.self))
            }
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
            for (target, answers) in sums {
                for (answer, n) in answers {
                    try await db.raw("UPDATE evaluation_counts SET n = n + \(bind: n) WHERE target_id = \(bind: target) AND answer = \(bind: answer.rawValue)")
                        .run()
                }
            }
            for (target, texts) in remarks { try await MassEvaluationService.addRemarks(db, target: target, texts: texts) }
            for (round, n) in perRound { try await db.raw("UPDATE evaluation_rounds SET ballots = ballots + \(bind: n) WHERE id = \(bind: round)").run() }
            // 统计: the batch's answers join the statistics of each round's organization, in this transaction.
            var roundOf: [Int64: Int64] = [:]
            for r in rounds.values { for t in r.targets { roundOf[t.id] = r.id } }
            var perRoundAnswers: [Int64: [String: Int]] = [:]
            for (target, answers) in sums {
                guard let round = roundOf[target] else { continue }
                for (answer, n) in answers { perRoundAnswers[round, default: [:]][StatMetric.ballots(answer), default: 0] += n }
            }
            for (id, deltas) in perRoundAnswers.sorted(by: { $0.key < $1.key }) {
                guard let r = rounds[id], let org = try await OrganizationRepository.get(db, id: r.organizationID), let half = HalfYear(r.period) else {
                    continue
                }
                try await StatsRepository.add(db, path: org.path, year: half.year, deltas)
            }
            return outcome
        }
    }
}
