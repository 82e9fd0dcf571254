import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("积分与评星（SQLite 与 PostgreSQL）")
struct PointStoreTests {
    static let dec31 = CalendarDay(year: 2026, month: 12, day: 31)!

    @Test("系统自动记分（按期兑现、认定等次、满意率），支部加减分须写理由并由第二人审核；支部内排名与星级；改规则后重算等于从头计算", arguments: TestDatabase.enabled)
    func pointsRanksAndStars(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let a = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: c.village1.id, as: .system())
            let b = try await v.members.create(sampleMember("B1", name: "乙"), organizationID: c.village1.id, as: .system())
            let cc = try await v.members.create(sampleMember("C1", name: "丙"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1, name: "书记")
            let deputy = caller(.branchSecretary, on: c.village1, name: "副书记")
            // 甲 fulfils both items on time, is rated 100% satisfied, and determined excellent.
            let items = (1...2).map { CommitmentItemDraft(content: "第\($0)件", responsibility: "本人", deadline: Self.dec31, expectedResult: "办好") }
            let commitment = try await v.commitments.createForMember(a.id, kind: .annual, year: 2026, items: items, as: secretary)
            for act in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(commitment.id, act, as: secretary) }
            for p in 1...2 { _ = try await v.fulfilment.report(commitment.id, itemPosition: p, text: "完成", fulfils: true, files: [], as: secretary) }
            let round = try await v.massEvaluation.open(organizationID: c.village1.id, title: "年终评议", as: secretary)
            let target = try #require(round.targets.first { $0.memberID == a.id })
            for code in try await v.massEvaluation.issueCodes(roundID: round.id, count: 3, as: secretary) {
                try await v.massEvaluation.cast(code: code, answers: [target.id: .satisfied], remarks: [:])
            }
            _ = try await v.massEvaluation.close(roundID: round.id, as: secretary)
            _ = try await v.determinations.determine(organizationID: c.village1.id, memberID: a.id, year: 2026, grade: .excellent, reason: nil, as: secretary)
            _ = try await v.determinations.determine(
                organizationID: c.village1.id, memberID: b.id, year: 2026, grade: .qualified, reason: "表现正常", as: secretary)
            // The point counters followed each fact in its transaction, before anybody opened the ranking: 甲 20 (2 stars), 乙 5.
            func figures(_ id: Int64) async throws -> StatFigures {
                try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: id, year: 2026).subtree }
            }
            #expect(try await figures(c.city.id).value(StatMetric.memberPoints) == 25)
            #expect(try await figures(c.town.id).starDistribution(levels: 5).map(\.members) == [0, 0, 0, 1, 0])

            // 丙: the branch adds 3 points; they count only once a second person approves.
            await #expect(throws: VanguardError.self) { _ = try await v.points.propose(memberID: cc.id, points: 3, reason: "  ", as: secretary) }
            let manual = try await v.points.propose(memberID: cc.id, points: 3, reason: "抗洪抢险", as: secretary)
            #expect(try await v.points.ranking(branchID: c.village1.id, year: 2026, as: secretary).first { $0.memberID == cc.id }?.total == 0)
            #expect(try await v.points.pending(branchID: c.village1.id, as: deputy).map(\.reason) == ["抗洪抢险"])
            do {
                try await v.points.decide(eventID: manual, approve: true, as: secretary)
                Issue.record("the proposer approved her own entry")
            } catch let e as VanguardError { #expect(e.kind == .forbidden) }
            try await v.points.decide(eventID: manual, approve: true, as: deputy)
            await #expect(throws: VanguardError.self) { try await v.points.decide(eventID: manual, approve: false, as: deputy) }

            // 甲 5 + 10 + 5 = 20, 乙 5, 丙 3; standard stars from 10, 20, 30…
            let ranking = try await v.points.ranking(branchID: c.village1.id, year: 2026, as: secretary)
            #expect(ranking.map(\.name) == ["甲", "乙", "丙"] && ranking.map(\.total) == [20, 5, 3] && ranking.map(\.rank) == [1, 2, 3])
            #expect(ranking.map(\.stars) == [2, 0, 0])
            // Reading again records nothing twice.
            _ = try await v.points.ranking(branchID: c.village1.id, year: 2026, as: secretary)
            let rows = try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM point_events").first(decodingColumn: "n", as: Int.self) }
            #expect(rows == 5)
            let ledger = try await v.points.ledger(memberID: a.id, year: 2026, as: secretary)
            #expect(Set(ledger.entries.map(\.event)) == [.fulfilledOnTime, .gradeExcellent, .satisfactionHigh] && ledger.standing.rank == 1)

            // A new determination replaces the grade's event; a rule change re-prices every event.
            _ = try await v.determinations.determine(
                organizationID: c.village1.id, memberID: b.id, year: 2026, grade: .unqualified, reason: "未履行承诺", as: secretary)
            let campaign = try await v.campaigns.create(
                name: "创先争优", theme: "创先争优", subTheme: nil, startYear: 2026, endYear: 2028, planDueOn: nil, phases: [], carriers: [], as: .system())
            var settings = EvaluationSettings.standard
            settings.pointRules = settings.pointRules.map { r in
                var r = r
                if r.event == PointEventKind.gradeExcellent.rawValue { r.points = 30 }
                return r
            }
            await #expect(throws: VanguardError.self) { try await v.points.saveSettings(campaignID: campaign, settings, as: secretary) }
            var bad = settings
            bad.pointRules.append(.init(event: "nonsense", points: 1))
            await #expect(throws: VanguardError.self) { try await v.points.saveSettings(campaignID: campaign, bad, as: .system()) }
            try await v.points.saveSettings(campaignID: campaign, settings, as: caller(.campaignOffice, on: c.city))
            let after = try await v.points.ranking(branchID: c.village1.id, year: 2026, as: secretary)
            #expect(after.map(\.name) == ["甲", "丙", "乙"] && after.map(\.total) == [40, 3, -10] && after.map(\.stars) == [4, 0, 0])
            // From scratch: the same events under the new rules.
            let events = try await v.points.ledger(memberID: a.id, year: 2026, as: secretary).entries.map { PointEvent(event: $0.event.rawValue, day: $0.day) }
            #expect(PointLedger.total(events, rules: settings.pointRules, year: 2026) == 40)
            // The rule change re-counted the distribution; a transfer takes 甲's points and stars along; verify agrees.
            #expect(try await figures(c.village1.id).value(StatMetric.memberPoints) == 33)
            #expect(try await figures(c.city.id).starDistribution(levels: 5).map(\.members) == [0, 1, 0, 0, 0])
            _ = try await v.members.transfer(a.id, to: c.village2.id, reason: "调转", as: caller(.campaignOffice, on: c.city))
            #expect(try await figures(c.village1.id).value(StatMetric.memberPoints) == -7)
            #expect(try await figures(c.village2.id).value(StatMetric.memberPoints) == 40)
            #expect(try await figures(c.village2.id).value(StatMetric.memberStars(4)) == 1)
            #expect(try await figures(c.town.id).value(StatMetric.memberPoints) == 33)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("“确认兑现”和逐项报告兑现一样，在同一事务中记分、更新星级和汇总；积分排名和台账只读，不写数据库", arguments: TestDatabase.enabled)
    func fulfilmentByAnyPathCountsPoints(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given 甲 and 乙 with a published commitment each
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1, name: "书记")
            let items = (1...2).map { CommitmentItemDraft(content: "第\($0)件", responsibility: "本人", deadline: Self.dec31, expectedResult: "办好") }
            var ids: [Int64] = []
            var people: [MemberRecord] = []
            for (no, name) in [("A1", "甲"), ("B1", "乙")] {
                let m = try await v.members.create(sampleMember(no, name: name), organizationID: c.village1.id, as: .system())
                let commitment = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: items, as: secretary)
                for act in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(commitment.id, act, as: secretary) }
                ids.append(commitment.id)
                people.append(m)
            }
            let members = people
            func points(_ id: Int64) async throws -> Int {
                try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: id, year: 2026).subtree.value(StatMetric.memberPoints) }
            }
            // when 甲's is confirmed fulfilled as a whole (确认兑现) and 乙's item by item
            _ = try await v.commitments.act(ids[0], .fulfil, as: secretary)
            #expect(try await points(c.city.id) == 5)
            for p in 1...2 { _ = try await v.fulfilment.report(ids[1], itemPosition: p, text: "完成", fulfils: true, files: [], as: secretary) }
            // then both count at once, up to the city, and verify agrees without anybody opening a ranking
            #expect(try await points(c.city.id) == 10)
            #expect(try await points(c.village1.id) == 10)
            #expect(try await v.verifier.differences().isEmpty)
            // and the ranking and a ledger are reads: no transaction is committed by them
            let writes = v.backend.committedWrites
            let ranking = try await v.points.ranking(branchID: c.village1.id, year: 2026, as: secretary)
            _ = try await v.points.ledger(memberID: members[0].id, year: 2026, as: secretary)
            #expect(ranking.map(\.total) == [5, 5] && v.backend.committedWrites == writes)
            // A lost automatic event is named by verify, with the counters it leaves wrong.
            try await v.backend.write { db in try await db.raw("DELETE FROM point_events WHERE member_id = \(bind: members[0].id)").run() }
            let differences = try await v.verifier.differences().map(\.description)
            #expect(differences.contains("points: member \(members[0].id) 2026:fulfilled:\(ids[0]): missing fulfilled_on_time"), "\(differences)")
            #expect(differences.contains { $0.contains("2026 member.points own") })
        }
    }
}
