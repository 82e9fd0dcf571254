import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("组织认定（SQLite 与 PostgreSQL）")
struct DeterminationStoreTests {
    static let dec31 = CalendarDay(year: 2026, month: 12, day: 31)!

    @Test("支部按兑现率和满意率给出建议等次，改变建议须写理由；认定后本年承诺进入已评诺", arguments: TestDatabase.enabled)
    func determinationWithOverride(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1", name: "刘芳"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            let items = (1...4).map { CommitmentItemDraft(content: "第\($0)件", responsibility: "本人", deadline: Self.dec31, expectedResult: "办好") }
            let commitment = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: items, as: secretary)
            for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(commitment.id, a, as: secretary) }
            for p in 1...3 { _ = try await v.fulfilment.report(commitment.id, itemPosition: p, text: "完成", fulfils: true, files: [], as: secretary) }
            // 群众评议: 9 of 10 satisfied or basically satisfied.
            let round = try await v.massEvaluation.open(organizationID: c.village1.id, title: "年终评议", as: secretary)
            let target = try #require(round.targets.first { $0.memberID == m.id })
            for (i, code) in try await v.massEvaluation.issueCodes(roundID: round.id, count: 10, as: secretary).enumerated() {
                try await v.massEvaluation.cast(code: code, answers: [target.id: i == 0 ? .dissatisfied : .satisfied], remarks: [:])
            }
            _ = try await v.massEvaluation.close(roundID: round.id, as: secretary)

            // Decided in January, when every item is due: the unfulfilled fourth counts against her.
            let january = Vanguard(backend: v.backend, time: FixedTime(millis: TestDatabase.fixedTime.millis + 50 * 86_400_000))
            let before = try await v.determinations.propose(organizationID: c.village1.id, memberID: m.id, year: 2026, as: secretary)
            #expect(before.fulfilmentRate == 1)  // in November the fourth is not due yet, and ignored
            let proposal = try await january.determinations.propose(organizationID: c.village1.id, memberID: m.id, year: 2026, as: secretary)
            #expect(proposal.fulfilmentRate == 0.75 && proposal.satisfactionRate == 0.9)
            // (0.4 × 75 + 0.3 × 90) / 0.7 = 81.43 → 合格
            #expect(proposal.proposedGrade == .qualified && proposal.proposedScore == 81.43)
            await #expect(throws: VanguardError.self) {
                _ = try await january.determinations.determine(
                    organizationID: c.village1.id, memberID: m.id, year: 2026, grade: .excellent, reason: nil, as: secretary)
            }
            let decided = try await january.determinations.determine(
                organizationID: c.village1.id, memberID: m.id, year: 2026, grade: .excellent, reason: "抗洪中表现突出", as: secretary)
            #expect(decided.decided == .excellent && decided.reason == "抗洪中表现突出")
            let after = try await v.commitments.get(commitment.id, as: secretary)
            #expect(after.state == .evaluated)
            #expect(try await v.commitments.history(commitment.id, as: secretary).last?.note == "组织认定：优秀")
            // An organization is determined by its superior, not by itself.
            await #expect(throws: VanguardError.self) {
                _ = try await v.determinations.determine(
                    organizationID: c.village1.id, memberID: nil, year: 2026, grade: .qualified, reason: "x", as: secretary)
            }
            let town = try await v.determinations.determine(
                organizationID: c.village1.id, memberID: nil, year: 2026, grade: .qualified, reason: "无承诺，按平时表现", as: caller(.committeeStaff, on: c.district))
            #expect(town.proposedGrade == nil && town.decided == .qualified)
        }
    }
}
