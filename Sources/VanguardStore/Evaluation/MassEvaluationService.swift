import Foundation
import SQLKit
import VanguardCore

/// A target's frozen result (empty while the round is open).
public struct EvaluationResult: Sendable, Hashable {
    public var target: EvaluationTarget
    public var counts: [EvaluationAnswer: Int]
    public var rate: Double?
    public var remarks: [String]
}

/// 群众评议 — one person, one vote, anonymous: the organizer opens a round for an organization (and,
/// for a branch, each of its members), issues one-time codes, voters answer without logging in, and
/// closing freezes the results.
public struct MassEvaluationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    let ballots: BallotBatcher
    let key: BallotKey
    static let what = Bilingual("该评议", "Evaluation round")
    public static let maximumCodes = 5000

    /// Opens a round: the organization itself is the first target; a branch's members follow.
    public func open(organizationID: Int64, title: String, counted: SatisfactionRate = .init(), as caller: Caller) async throws -> EvaluationRoundRecord {
        let t = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, t.count <= 100 else { throw VanguardError.invalid("请填写评议名称（不超过100字）", "Name the round (at most 100 characters)", field: "title") }
        let now = time.nowMillis()
        let period = HalfYear.containing(time.today()).description
        let id = try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.reviewCommitments, at: org.path, what: OrganizationService.what)
            let answers = EvaluationAnswer.allCases.filter(counted.counted.contains).map(\.rawValue).joined(separator: ",")
            let id = try await EvaluationRoundRepository.insert(
                db, organizationID: org.id, title: t, period: period, countedAnswers: answers, by: caller.username, now: now)
            var targets: [(Int64?, String)] = [(nil, org.name)]
            if org.kind == .branch {
                targets += try await MemberRepository.list(db, organizationID: org.id, limit: 10_000, offset: 0).map { ($0.id, $0.draft.name) }
            }
            for (i, target) in targets.enumerated() {
                try await EvaluationRoundRepository.addTarget(db, roundID: id, position: i, organizationID: org.id, memberID: target.0, name: target.1)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "evaluation.open", targetType: "organization", targetID: org.id,
                    summary: "\(t)，评议对象\(targets.count)个"))
            return id
        }
        return try await round(id, as: caller)
    }

    /// Issues `count` new one-time codes as a batch and returns them in plain text; the database keeps
    /// their keyed hashes alone. The codes are derived from the server's ballot key, the round, the batch
    /// and a serial, so the batch can be printed again (`reprint`) and still never be stored in clear.
    public func issueCodes(roundID: Int64, count: Int, as caller: Caller) async throws -> [String] {
        guard count > 0, count <= Self.maximumCodes else {
            throw VanguardError.invalid("一次发放1到\(Self.maximumCodes)个评议码", "Issue between 1 and \(Self.maximumCodes) codes at once", field: "count")
        }
        let now = time.nowMillis()
        return try await backend.write { db in
            let r = try await Self.managed(db, roundID, caller)
            guard r.open else { throw VanguardError.conflict("评议已结束，不能再发放评议码", "The round is closed") }
            let batch = try await BallotCodeRepository.insertBatch(db, roundID: roundID, size: count, by: caller.username, now: now)
            let ordinal = try await BallotCodeRepository.batches(db, roundID: roundID).count  // 第N批 of this round, as its page numbers them
            let codes = (0..<count).map { key.derivedCode(round: roundID, batch: batch, serial: $0) }
            // Stored in another order than printed: a row's place says nothing about which slip it is.
            var rng = SystemRandomNumberGenerator()
            try await BallotCodeRepository.insert(db, hashes: codes.shuffled(using: &rng).map(key.hash), roundID: roundID)
            try await EvaluationRoundRepository.addIssued(db, roundID: roundID, count: count)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "evaluation.codes", targetType: "evaluation", targetID: roundID,
                    summary: "发放评议码\(count)个（第\(ordinal)批）"))
            return codes
        }
    }

    /// 重新打印: a batch's codes derived again, for slips lost or spoiled before they were handed out.
    /// Used and unused codes alike (which were used is not told to anyone); the reprint is audited.
    public func reprint(roundID: Int64, batchID: Int64, as caller: Caller) async throws -> [String] {
        let now = time.nowMillis()
        return try await backend.write { db in
            let r = try await Self.managed(db, roundID, caller)
            guard r.open else { throw VanguardError.conflict("评议已结束，评议码不再打印", "The round is closed") }
            let batches = try await BallotCodeRepository.batches(db, roundID: roundID)
            guard let ordinal = batches.firstIndex(where: { $0.id == batchID }),
                try await BallotCodeRepository.countReprint(db, batchID: batchID, roundID: roundID)
            else { throw VanguardError.notFound(.init("该批评议码", "Batch")) }
            let batch = batches[ordinal]
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "evaluation.codes.reprint", targetType: "evaluation", targetID: roundID,
                    summary: "重新打印第\(ordinal + 1)批评议码\(batch.size)个"))
            return (0..<batch.size).map { key.derivedCode(round: roundID, batch: batchID, serial: $0) }
        }
    }

    /// What a voter sees for a code: the round and its targets, or a clear refusal. Whether the code
    /// was used is not told here (only a vote tells it): an organizer holding the printed codes must
    /// not learn who has voted by looking them up (issue 11).
    public func ballot(code input: String) async throws -> EvaluationRoundRecord {
        let code = try Self.normalized(input)
        return try await backend.read { db in try await openRound(db, code: code) }
    }

    static func normalized(_ input: String) throws -> String {
        guard let code = BallotCode.normalize(input) else { throw Self.unknownCode }
        return code
    }

    /// The open round a normalized code belongs to, or the refusal a voter is given.
    func openRound(_ db: any SQLDatabase, code: String) async throws -> EvaluationRoundRecord {
        guard let roundID = try await BallotCodeRepository.round(db, hash: key.hash(code)) else { throw Self.unknownCode }
        let r = try await Self.load(db, roundID)
        guard r.open else { throw Self.closedRound }
        return r
    }

    /// 评议票: the round a code opens and, for each target, what it promised in public that year (its
    /// commitments on the board, with each item and whether it is fulfilled) — what the voter judges.
    public func ballotSheet(code input: String) async throws -> BallotSheet {
        let code = try Self.normalized(input)
        return try await backend.read { db in
            let r = try await openRound(db, code: code)
            let year = HalfYear(r.period)?.year ?? time.today().year
            let public_ = try await CommitmentRepository.publicOf(
                db, members: r.targets.compactMap(\.memberID), organizations: [r.organizationID], year: year)
            var promises: [Int64: [CommitmentRecord]] = [:]
            for t in r.targets {
                promises[t.id] = public_.filter { c in
                    if let m = t.memberID { return c.subject == .member(m) }
                    return c.subject == .organization(r.organizationID)
                }
            }
            return BallotSheet(round: r, promises: promises)
        }
    }

    /// Casts a ballot. It is checked now (code, round, targets), then held until its round has k
    /// ballots waiting and committed with them — the code flips to used, each answer increments its
    /// target's counter, a remark joins its target's pool at a random place — so nothing ties what was
    /// answered to the code that answered it, in any transaction or file. Returns `counted` once
    /// committed, or `pending` if its batch has not filled within `wait` (it then commits with a later
    /// batch or at close).
    @discardableResult
    public func cast(
        code input: String, answers: [Int64: EvaluationAnswer], remarks: [Int64: String], wait: Duration = .zero
    ) async throws
        -> BallotOutcome
    {
        guard let code = BallotCode.normalize(input) else { throw Self.unknownCode }
        guard !answers.isEmpty else { throw VanguardError.invalid("请至少评议一项", "Answer for at least one", field: "answers") }
        for text in remarks.values where text.count > 500 {
            throw VanguardError.invalid("意见建议不超过500字", "A remark has at most 500 characters", field: "remarks")
        }
        // Checked here too: a remark PostgreSQL refuses would fail the whole batch it is counted in.
        for text in remarks.values where text.unicodeScalars.contains("\u{0}") {
            throw VanguardError.invalid("意见建议不能含有空字符（U+0000）", "A remark may not contain a NUL character (U+0000)", field: "remarks")
        }
        let hash = key.hash(code)
        var prechecks = 0
        while true {
            prechecks += 1
            // Read before the precheck: the batches that finish after it are checked by the batcher. A
            // fourth precheck goes without (thousands of batches committed during each of three).
            let seen = prechecks <= 3 ? ballots.batchesFinished : nil
            let round = try await precheck(hash, answers: answers, remarks: remarks)
            do {
                return try await ballots.cast(BallotRequest(codeHash: hash, answers: answers, remarks: remarks), round: round, wait: wait, seen: seen)
            } catch is CountedCodes.Stale {
                continue
            }
        }
    }

    /// The round of a code that can vote with these answers, or why it cannot. From the primary, in a read
    /// of its own: a standby behind by a batch, or a snapshot older than `seen`, would take a used code
    /// for a fresh one.
    private func precheck(_ hash: String, answers: [Int64: EvaluationAnswer], remarks: [Int64: String]) async throws -> Int64 {
        try await ReadTransaction.$current.withValue(nil) {
            try await ReadRouting.$current.withValue(nil) {
                try await backend.read { db in
                    guard let code = try await BallotCodeRepository.precheck(db, hash: hash) else { throw Self.unknownCode }
                    if code.used { throw Self.usedCode }
                    guard code.open else { throw Self.closedRound }
                    guard Set(answers.keys).isSubset(of: code.targets), Set(remarks.keys).isSubset(of: code.targets) else {
                        throw VanguardError.invalid("评议对象不属于本次评议", "A target is not part of this round", field: "answers")
                    }
                    return code.round
                }
            }
        }
    }

    /// Closes the round and freezes each target's counts and satisfaction rate.
    public func close(roundID: Int64, as caller: Caller) async throws -> [EvaluationResult] {
        let now = time.nowMillis()
        // From the primary: a standby that has not yet replayed an earlier close would let this one reach
        // the batcher, and its failure would reopen the round there.
        try await ReadRouting.$current.withValue(nil) {
            try await backend.read { db in
                let r = try await Self.managed(db, roundID, caller)
                guard r.open else { throw VanguardError.conflict("评议已结束", "The round is closed already") }
            }
        }
        // The ballots still pending are counted in the closing transaction, whatever their number.
        let pending = try await ballots.closing(roundID)
        let outcomes: [VanguardError?]
        do {
            outcomes = try await closeRound(roundID, pending: pending, now: now, as: caller)
        } catch {
            await ballots.closed(roundID, outcomes: nil, error: error)
            throw error
        }
        await backend.forgetHistory()
        await ballots.closed(roundID, outcomes: outcomes, error: nil)
        return try await results(roundID: roundID, as: caller)
    }

    private func closeRound(_ roundID: Int64, pending: [BallotRequest], now: Int64, as caller: Caller) async throws -> [VanguardError?] {
        try await backend.write { db in
            let r = try await Self.managed(db, roundID, caller)
            guard r.open else { throw VanguardError.conflict("评议已结束", "The round is closed already") }
            let outcomes = try await BallotBatcher.count(db, pending)
            let ballotsNow = try await EvaluationRoundRepository.ballots(db, roundID: roundID) ?? r.ballots
            // 写入路径: the results a closed round gives its members' points follow in this transaction.
            try await WritePath.changing(db, Changes(roundResults: [roundID]), now: now) {
                guard try await EvaluationRoundRepository.close(db, roundID: roundID, now: now) else {
                    throw VanguardError.conflict("评议已结束", "The round is closed already")
                }
                let rate = SatisfactionRate(counted: r.counted)
                for (target, counts) in try await EvaluationRoundRepository.counts(db, roundID: r.id) {
                    try await EvaluationRoundRepository.insertResult(db, targetID: target, counts: counts, rate: rate.rate(counts))
                }
            }
            try await WritePath.record(
                db,
                .init(at: now, actor: caller.username, action: "evaluation.close", targetType: "evaluation", targetID: roundID, summary: "\(ballotsNow)张有效票")
            )
            return outcomes
        }
    }

    /// Results: frozen once closed. While the round is open nobody — the organizer included — sees
    /// counts, rates or remarks, only the turnout (ballots committed so far): running results polled
    /// between ballots would tell how each voter answered (issue 11).
    public func results(roundID: Int64, as caller: Caller) async throws -> [EvaluationResult] {
        try await backend.read { db in try await Self.results(db, of: try await Self.managed(db, roundID, caller)) }
    }

    /// 评议页: a round and its results (nothing counted while it is open), in one read.
    /// 评议页: a round, its results (empty until it closes) and its batches of codes, in one read.
    public func roundWithResults(
        _ id: Int64, as caller: Caller
    ) async throws -> (round: EvaluationRoundRecord, results: [EvaluationResult], batches: [BallotBatch]) {
        try await backend.read { db in
            let r = try await Self.managed(db, id, caller)
            return (r, try await Self.results(db, of: r), try await BallotCodeRepository.batches(db, roundID: r.id))
        }
    }

    static func results(_ db: any SQLDatabase, of r: EvaluationRoundRecord) async throws -> [EvaluationResult] {
        let counts = try await EvaluationRoundRepository.counts(db, roundID: r.id)
        let frozen = try await EvaluationRoundRepository.frozenRates(db, roundID: r.id)
        // Every target's remark pool in one query, not one per target.
        let pools = try await EvaluationRoundRepository.remarkPools(db, roundID: r.id)
        var out: [EvaluationResult] = []
        for t in r.targets {
            if r.open {
                out.append(EvaluationResult(target: t, counts: [:], rate: nil, remarks: []))
                continue
            }
            out.append(EvaluationResult(target: t, counts: counts[t.id] ?? [:], rate: frozen[t.id] ?? nil, remarks: pools[t.id] ?? []))
        }
        return out
    }

    public func rounds(organizationID: Int64, as caller: Caller) async throws -> [EvaluationRoundRecord] {
        try await roundsOf(organizationID: organizationID, as: caller).rounds
    }

    /// 评议列表: an organization and its rounds, newest first, in one read — or, `openInSubtree`, the
    /// rounds still open anywhere in its subtree (the workbench's 进行中的评议).
    public func roundsOf(
        organizationID: Int64, openInSubtree: Bool = false, as caller: Caller
    ) async throws -> (organization: OrganizationRecord, rounds: [EvaluationRoundRecord]) {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            var out: [EvaluationRoundRecord] = []
            let ids =
                openInSubtree
                ? try await EvaluationRoundRepository.openIDs(db, under: org.path) : try await EvaluationRoundRepository.ids(db, organizationID: org.id)
            for id in ids {
                out.append(try await Self.load(db, id))
            }
            return (org, out)
        }
    }

    public func round(_ id: Int64, as caller: Caller) async throws -> EvaluationRoundRecord {
        try await backend.read { db in try await Self.managed(db, id, caller) }
    }

    static let unknownCode = VanguardError.notFound(.init("该评议码（请核对后重新输入）", "Ballot code (check it and try again)"))
    static let usedCode = VanguardError.conflict("该评议码已经使用过，每个评议码只能投一次", "This code has been used; each code votes once")
    static let closedRound = VanguardError.conflict("本次评议已经结束", "This round is closed")

    /// Puts each remark at a random place in its target's pool (the only way remarks are stored).
    static func addRemarks(_ db: any SQLDatabase, target: Int64, texts: [String]) async throws {
        let stored = try await EvaluationRoundRepository.lockedRemarks(db, targetID: target)
        var pool = stored ?? []
        for text in texts { pool.insert(text, at: Int.random(in: 0...pool.count)) }
        try await EvaluationRoundRepository.saveRemarks(db, targetID: target, pool: pool, isNew: stored == nil)
    }

    static func managed(_ db: any SQLDatabase, _ id: Int64, _ caller: Caller) async throws -> EvaluationRoundRecord {
        let r = try await load(db, id)
        guard let org = try await OrganizationRepository.get(db, id: r.organizationID), caller.canSee(org.path) else { throw VanguardError.notFound(what) }
        try caller.require(.reviewCommitments, at: org.path, what: what)
        return r
    }

    static func load(_ db: any SQLDatabase, _ id: Int64) async throws -> EvaluationRoundRecord {
        guard let r = try await EvaluationRoundRepository.get(db, id: id) else { throw VanguardError.notFound(what) }
        return r
    }
}

/// A ballot as the voter sees it: the round, and each target's public commitments of the year.
public struct BallotSheet: Sendable {
    public let round: EvaluationRoundRecord
    /// By target id.
    public let promises: [Int64: [CommitmentRecord]]
}
