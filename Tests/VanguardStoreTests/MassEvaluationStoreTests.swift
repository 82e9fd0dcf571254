import Foundation
import NIOConcurrencyHelpers
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("群众评议（SQLite 与 PostgreSQL）")
struct MassEvaluationStoreTests {
    /// A branch with three members and an open round on it, with `codes` codes issued.
    func round(_ v: Vanguard, codes: Int) async throws -> (EvaluationRoundRecord, [String], Caller) {
        let c = try await SmallCity.make(v)
        for (no, name) in [("A1", "甲"), ("B1", "乙"), ("C1", "丙")] {
            _ = try await v.members.create(sampleMember(no, name: name), organizationID: c.village1.id, as: .system())
        }
        let secretary = caller(.branchSecretary, on: c.village1)
        let r = try await v.massEvaluation.open(organizationID: c.village1.id, title: "2026年下半年群众评议", as: secretary)
        return (r, try await v.massEvaluation.issueCodes(roundID: r.id, count: codes, as: secretary), secretary)
    }

    /// Every code cast at the same moment, the i-th with `answers(i)`: what each voter was told (nil: refused).
    func castAtOnce(
        _ v: Vanguard, _ codes: [String], wait: Duration, answers: @escaping @Sendable (Int) -> [Int64: EvaluationAnswer]
    ) async -> [BallotOutcome?] {
        await withTaskGroup(of: BallotOutcome?.self) { group in
            for (i, code) in codes.enumerated() {
                group.addTask { try? await v.massEvaluation.cast(code: code, answers: answers(i), remarks: [:], wait: wait) }
            }
            return await group.reduce(into: [BallotOutcome?]()) { $0.append($1) }
        }
    }

    @Test("同一评议同时结束两次：只结束一次，另一次得到冲突；等待中的票都计入", arguments: TestDatabase.enabled)
    func twoClosesAtOnce(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 25)
            let branch = r.targets[0].id
            for code in codes.prefix(25) { try await v.massEvaluation.cast(code: code, answers: [branch: .satisfied], remarks: [:]) }
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<2 { group.addTask { (try? await v.massEvaluation.close(roundID: r.id, as: secretary)) != nil } }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let results = try await v.massEvaluation.results(roundID: r.id, as: secretary)
            #expect(results.first { $0.target.id == branch }?.counts[.satisfied] == 25)
        }
    }

    @Test("一人一票：评议码只能用一次，未知的码和已结束的评议都给出明确提示", arguments: TestDatabase.enabled)
    func oneCodeOneVote(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 3)
            #expect(r.targets.map(\.name) == ["桃花村党支部", "丙", "乙", "甲"])
            #expect(r.targets.count == 4 && codes.count == 3 && Set(codes).count == 3)
            let branch = r.targets[0].id
            #expect(try await v.massEvaluation.ballot(code: BallotCode.printable(codes[0]).lowercased()).id == r.id)
            try await v.massEvaluation.cast(code: codes[0], answers: [branch: .satisfied], remarks: [:])
            do {
                try await v.massEvaluation.cast(code: codes[0], answers: [branch: .dissatisfied], remarks: [:])
                Issue.record("a code voted twice")
            } catch let e as VanguardError {
                #expect(e.kind == .conflict && e.message.zh.contains("已经使用过"))
            }
            await #expect(throws: VanguardError.self) { _ = try await v.massEvaluation.ballot(code: "0000-0000-0000") }
            await #expect(throws: VanguardError.self) { try await v.massEvaluation.cast(code: codes[1], answers: [999_999: .satisfied], remarks: [:]) }
            _ = try await v.massEvaluation.close(roundID: r.id, as: secretary)
            do {
                try await v.massEvaluation.cast(code: codes[2], answers: [branch: .satisfied], remarks: [:])
                Issue.record("a closed round took a ballot")
            } catch let e as VanguardError {
                #expect(e.message.zh.contains("已经结束"))
            }
            #expect(try await v.massEvaluation.round(r.id, as: secretary).ballots == 1)
        }
    }

    @Test("结束时冻结结果：各项计数与满意率，意见不带身份；结束后再投的票不改变结果", arguments: TestDatabase.enabled)
    func resultsAreFrozenAtClose(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 10)
            let branch = r.targets[0].id
            let member = r.targets[1].id
            let answers: [EvaluationAnswer] = [
                .satisfied, .satisfied, .satisfied, .satisfied, .satisfied, .satisfied, .basicallySatisfied, .basicallySatisfied, .dissatisfied,
            ]
            for (code, a) in zip(codes, answers) {
                try await v.massEvaluation.cast(code: code, answers: [branch: a, member: .satisfied], remarks: a == .dissatisfied ? [branch: "村务公开不及时"] : [:])
            }
            let results = try await v.massEvaluation.close(roundID: r.id, as: secretary)
            let b = try #require(results.first { $0.target.id == branch })
            #expect(b.counts[.satisfied] == 6 && b.counts[.basicallySatisfied] == 2 && b.counts[.dissatisfied] == 1)
            #expect(abs((b.rate ?? 0) - 8.0 / 9.0) < 1e-9 && b.remarks == ["村务公开不及时"])
            #expect(results.first { $0.target.id == member }?.rate == 1)
            #expect(results.first { $0.target.id == r.targets[2].id }?.rate == nil)
            await #expect(throws: VanguardError.self) { try await v.massEvaluation.cast(code: codes[9], answers: [branch: .dissatisfied], remarks: [:]) }
            #expect(try await v.massEvaluation.results(roundID: r.id, as: secretary) == results)
            await #expect(throws: VanguardError.self) { _ = try await v.massEvaluation.close(roundID: r.id, as: secretary) }
        }
    }

    @Test("意见建议含空字符（U+0000）的选票单独被拒，不连累同一批的其他选票", arguments: TestDatabase.enabled)
    func nulRemarkRefusedAlone(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 12)
            let branch = r.targets[0].id
            await #expect(throws: VanguardError.self) {
                try await v.massEvaluation.cast(code: codes[0], answers: [branch: .satisfied], remarks: [branch: "很好\u{0}"])
            }
            for code in codes.dropFirst().prefix(10) { try await v.massEvaluation.cast(code: code, answers: [branch: .satisfied], remarks: [branch: "很好"]) }
            let results = try await v.massEvaluation.close(roundID: r.id, as: secretary)
            #expect(results.first { $0.target.id == branch }?.counts[.satisfied] == 10)
        }
    }

    @Test("同时投票成批计入：每张有效票恰好计入一次，同一个码同时提交两次只算一次", arguments: TestDatabase.enabled)
    func concurrentBallotsAreCountedExactlyOnce(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 300)
            let branch = r.targets[0].id
            let member = r.targets[1].id
            // Every code once, and the first 50 a second time, all at once.
            let attempts = codes + codes.prefix(50)
            let accepted = await castAtOnce(v, attempts, wait: .zero) { i in
                [branch: i % 3 == 0 ? .dissatisfied : .satisfied, member: .basicallySatisfied]
            }.filter { $0 != nil }.count
            #expect(accepted == 300)
            // While open, nobody sees counts; closing counts the ballots still pending (fewer than k).
            #expect(try await v.massEvaluation.results(roundID: r.id, as: secretary).allSatisfy { $0.counts.isEmpty && $0.remarks.isEmpty })
            let results = try await v.massEvaluation.close(roundID: r.id, as: secretary)
            let b = try #require(results.first { $0.target.id == branch })
            #expect((b.counts[.satisfied] ?? 0) + (b.counts[.dissatisfied] ?? 0) == 300)
            #expect(results.first { $0.target.id == member }?.counts[.basicallySatisfied] == 300)
            #expect(try await v.massEvaluation.round(r.id, as: secretary).ballots == 300)
            let used = try await v.backend.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM ballot_codes WHERE used = \(bind: true)").first(decodingColumn: "n", as: Int.self)
            }
            #expect(used == 300)
        }
    }

    @Test("等候结果的选民：同一批提交后各自得到“已计入”，凑不满一批的等到时限得到“已收到”，结束时都计入", arguments: TestDatabase.enabled)
    func waitingVotersAreEachAnswered(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 25)
            let branch = r.targets[0].id
            let outcomes = await castAtOnce(v, codes, wait: .seconds(5)) { _ in [branch: .satisfied] }
            // Every voter is answered, none refused; at least the first batch (k = 10) committed within the wait.
            let counted = outcomes.filter { $0 == .counted }.count
            #expect(outcomes.count == 25 && !outcomes.contains(nil))
            #expect(counted >= 10, "\(counted) counted")
            #expect(try await v.massEvaluation.round(r.id, as: secretary).ballots >= counted)
            let results = try await v.massEvaluation.close(roundID: r.id, as: secretary)
            #expect(results.first { $0.target.id == branch }?.counts[.satisfied] == 25)
        }
    }

    @Test("一批装不下的等候选民：由下一批计入并告诉他，不会一直等下去", arguments: TestDatabase.enabled)
    func aVoterLeftOutOfHerBatchIsAnsweredByTheNext(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, _) = try await round(v, codes: 5)
            let branch = r.targets[0].id
            let gate = Gate()
            // k = 3 and at most 2 a batch: the third voter starts a batch that cannot hold her.
            let batcher = BallotBatcher(backend: GatedBackend(base: v.backend, gate: gate), minimumBatch: 3, batchLimit: 2)
            let answers = NIOLockedValueBox<[Int: BallotOutcome]>([:])
            for (i, code) in codes.enumerated() {
                let request = BallotRequest(codeHash: v.massEvaluation.key.hash(code), answers: [branch: .satisfied], remarks: [:])
                Task {
                    let outcome = try await batcher.cast(request, round: r.id, wait: .seconds(i < 4 ? 60 : 1), seen: 0)
                    answers.withLockedValue { $0[i] = outcome }
                }
                try await Task.sleep(for: .milliseconds(200))
            }
            // Voters 1 and 2 are in the batch held at the gate; 3, 4 and 5 wait. Then it commits, and the
            // next batch takes 3 and 4; 5 stays pending (fewer than k), answered so after her wait.
            gate.open()
            for _ in 0..<300 where answers.withLockedValue({ $0.count }) < 5 { try await Task.sleep(for: .milliseconds(100)) }
            #expect(answers.withLockedValue { $0 } == [0: .counted, 1: .counted, 2: .counted, 3: .counted, 4: .pending])
        }
    }

    @Test("投票前的检查读在一批计入之前：那一批提交后，同一个码再来仍被拒绝，不会先答“已收到”再作废", arguments: TestDatabase.enabled)
    func precheckBeforeABatchStillRefusesItsCodes(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, _) = try await round(v, codes: 12)
            let branch = r.targets[0].id
            let service = v.massEvaluation
            // A second vote with codes[0] read the database here, while the code was still unused…
            let seen = service.ballots.batchesFinished
            // …then the first ten ballots, codes[0] among them, were counted in a batch.
            for code in codes.prefix(10) { _ = try await service.cast(code: code, answers: [branch: .satisfied], remarks: [:]) }
            #expect(service.ballots.batchesFinished > seen)
            func late(_ code: String, seen: Int) async throws -> BallotOutcome {
                try await service.ballots.cast(
                    BallotRequest(codeHash: service.key.hash(code), answers: [branch: .dissatisfied], remarks: [:]), round: r.id, wait: .zero, seen: seen)
            }
            // The late vote reaches the batcher: refused like a used code, not held as pending.
            await #expect(throws: MassEvaluationService.usedCode) { _ = try await late(codes[0], seen: seen) }
            // A code the batch did not flip is still taken.
            #expect(try await late(codes[10], seen: seen) == .pending)
            let results = try await service.close(roundID: r.id, as: .system())
            let counts = results.first { $0.target.id == branch }?.counts
            #expect(counts?[.satisfied] == 10 && counts?[.dissatisfied] == 1)
        }
    }

    @Test("记住的已计入评议码有上限：检查读早于被忘掉的批次时，要求重新检查")
    func countedCodesForgetOldBatches() throws {
        var counted = CountedCodes()
        counted.add(["a", "b"], batch: 1)
        counted.add([], batch: 2)
        counted.add(["c"], batch: 3)
        #expect(try counted.contains("a", since: 0))
        #expect(try counted.contains("c", since: 2))
        #expect(try !counted.contains("a", since: 1))
        #expect(try !counted.contains("x", since: 0))
        let many = (0..<CountedCodes.limit).map { "n\($0)" }
        counted.add(many, batch: 4)
        // Batches 1–3 are forgotten: a precheck from before them must read again; one after them need not.
        #expect(throws: CountedCodes.Stale.self) { try counted.contains("a", since: 2) }
        #expect(try counted.contains("n0", since: 3))
        #expect(try !counted.contains("a", since: 3))
    }

    @Test("选票与评议码无法关联：码只存哈希，票只是计数，意见随机放入意见池，没有时间也没有顺序", arguments: TestDatabase.enabled)
    func ballotsCannotBeLinkedToCodes(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, _) = try await round(v, codes: 20)
            let branch = r.targets[0].id
            for (i, code) in codes.enumerated() {
                try await v.massEvaluation.cast(code: code, answers: [branch: .satisfied], remarks: [branch: "意见\(i)"])
            }
            _ = try await v.massEvaluation.close(roundID: r.id, as: .system())
            let (columns, stored, hashes) = try await v.backend.read { db in
                var columns: [String: [String]] = [:]
                for table in ["ballot_codes", "evaluation_counts", "evaluation_remarks"] {
                    columns[table] = try await db.raw("SELECT * FROM \(unsafeRaw: table) LIMIT 1").first()?.allColumns.sorted() ?? []
                }
                let stored = try await EvaluationRoundRepository.remarks(db, target: branch)
                let hashes = try await db.raw("SELECT code_hash FROM ballot_codes").all(decodingColumn: "code_hash", as: String.self)
                return (columns, stored, hashes)
            }
            // No column ties a code to a ballot: no foreign key, no time, no sequence.
            #expect(columns["ballot_codes"] == ["code_hash", "keyed", "round_id", "used"])
            #expect(columns["evaluation_counts"] == ["answer", "n", "target_id"])
            #expect(columns["evaluation_remarks"] == ["target_id", "texts"])
            // Codes exist only as keyed hashes: not even their plain SHA-256 is stored, and not in the printed order.
            #expect(hashes.count == 20 && Set(hashes).isDisjoint(with: codes) && hashes.allSatisfy { $0.count == 64 })
            #expect(Set(hashes).isDisjoint(with: codes.map(BallotKey.sha256)))
            // There is no ballot row: the remarks sit in one pool per target, in neither the order they were cast nor the codes' order.
            let cast = codes.indices.map { "意见\($0)" }
            #expect(Set(stored) == Set(cast) && stored != cast)
            #expect(try await v.massEvaluation.results(roundID: r.id, as: .system()).first?.remarks != cast)
        }
    }

    @Test("逐张投票时反复复制数据库文件：任何两次复制之间变化的选票都不少于 k 张，计入后 WAL 被清空", arguments: TestDatabase.enabled)
    func copiesOfTheFilesNeverShowOneBallot(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let (r, codes, secretary) = try await round(v, codes: 25)
            let branch = r.targets[0].id
            let answers: [EvaluationAnswer] = [.satisfied, .basicallySatisfied, .dissatisfied]
            /// What a thief learns from the files at one moment: which codes are used, and the counters.
            func observe() async throws -> (used: Set<String>, counts: [String: Int]) {
                if let sqlite = v.backend as? SQLiteBackend {
                    // A copy of the live files, WAL included, opened as a database of its own.
                    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-copy-\(UUID().uuidString)")
                    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                    defer { try? FileManager.default.removeItem(at: dir) }
                    for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: sqlite.path + suffix) {
                        try FileManager.default.copyItem(atPath: sqlite.path + suffix, toPath: dir.path + "/copy.sqlite" + suffix)
                    }
                    let copy = try await SQLiteBackend.open(path: dir.path + "/copy.sqlite", readers: 1, logger: .init(label: "copy"))
                    defer { Task { try? await copy.close() } }
                    return try await Self.observe(copy)
                }
                return try await Self.observe(v.backend)
            }
            var last = try await observe()
            for (i, code) in codes.enumerated() {
                try await v.massEvaluation.cast(code: code, answers: [branch: answers[i % 3]], remarks: [branch: "意见\(i)"])
                let now = try await observe()
                let flipped = now.used.subtracting(last.used)
                // Nothing changes, or at least k ballots changed together: never one voter's answer beside her code.
                #expect(flipped.isEmpty || flipped.count >= 10, "after ballot \(i + 1): \(flipped.count) codes flipped together")
                #expect(flipped.isEmpty == (now.counts == last.counts))
                if let sqlite = v.backend as? SQLiteBackend, !flipped.isEmpty {
                    // The fold's frames left the WAL: it was checkpointed and truncated.
                    let wal = (try? FileManager.default.attributesOfItem(atPath: sqlite.path + "-wal")[.size] as? Int) ?? 0
                    #expect(wal == 0)
                }
                last = now
            }
            #expect(last.used.count == 20)  // two batches of ten; five still pending in memory
            _ = try await v.massEvaluation.close(roundID: r.id, as: secretary)
            #expect(try await observe().used.count == 25)
        }
    }

    static func observe(_ backend: any DatabaseBackend) async throws -> (used: Set<String>, counts: [String: Int]) {
        try await backend.read { db in
            let used = try await db.raw("SELECT code_hash FROM ballot_codes WHERE used = \(bind: true)").all(decodingColumn: "code_hash", as: String.self)
            var counts: [String: Int] = [:]
            for row in try await db.raw("SELECT target_id, answer, n FROM evaluation_counts").all() {
                counts["\(try row.int64("target_id"))/\(try row.string("answer"))"] = try row.int("n")
            }
            return (Set(used), counts)
        }
    }
}
