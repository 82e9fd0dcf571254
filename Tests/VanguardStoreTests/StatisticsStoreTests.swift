import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("统计汇总（SQLite 与 PostgreSQL）")
struct StatisticsStoreTests {
    static let dec31 = CalendarDay(year: 2026, month: 12, day: 31)!

    static func items(_ n: Int) -> [CommitmentItemDraft] {
        (1...n).map { CommitmentItemDraft(content: "第\($0)件", responsibility: "本人", deadline: dec31, expectedResult: "办好") }
    }

    @Test("计数随每次写入沿上级路径更新：承诺、事项、兑现、已承诺党员、认定、评议票；镇和市看到的与逐条统计一致", arguments: TestDatabase.enabled)
    func countersFollowTheFacts(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            let m = try await v.members.create(sampleMember("M1", name: "甲"), organizationID: c.village1.id, as: .system())
            let commitment = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items(3), as: secretary)
            let draft = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.city.id, year: 2026) }
            #expect(draft.subtree.value("member.c.draft") == 1 && draft.subtree.items("member") == 0 && draft.subtree.value(StatMetric.committedMembers) == 0)
            for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(commitment.id, a, as: secretary) }
            _ = try await v.fulfilment.report(commitment.id, itemPosition: 1, text: "完成", fulfils: true, files: [], as: secretary)
            let town = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.town.id, year: 2026) }
            #expect(town.own.items("member") == 0 && town.subtree.items("member") == 3 && town.subtree.itemsFulfilled("member") == 1)
            #expect(town.subtree.made("member") == 1 && town.subtree.value(StatMetric.committedMembers) == 1 && town.subtree.value("member.c.draft") == 0)
            let village = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.village1.id, year: 2026) }
            #expect(village.own.items("member") == 3 && village.own.fulfilmentRate("member") == 1.0 / 3.0)
            #expect(try await v.verifier.differences().isEmpty)
            // A counter that drifted from the facts is reported, naming it.
            try await v.backend.write { db in
                try await db.raw("UPDATE stat_counters SET subtree = subtree + 1 WHERE organization_id = \(bind: c.town.id) AND metric = 'member.items'").run()
            }
            #expect(try await v.verifier.differences().map(\.counter) == ["2026 member.items subtree"])
        }
    }

    @Test("多人同时写：两个支部的承诺同时从定诺走到兑现，同一条上级路径上的计数不乱、不死锁，核对为零差异", arguments: TestDatabase.enabled)
    func concurrentWritersKeepCountersRight(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given 24 drafts in two branches under one town
            let c = try await SmallCity.make(v)
            let branches = [c.village1, c.village2]
            var work: [(id: Int64, secretary: Caller)] = []
            for i in 0..<24 {
                let branch = branches[i % 2]
                let m = try await v.members.create(sampleMember("P\(i)", name: "并发\(i)"), organizationID: branch.id, as: .system())
                let secretary = caller(.branchSecretary, on: branch)
                work.append((try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items(2), as: secretary).id, secretary))
            }
            // when every one is submitted, approved, published and fulfilled at once, each step its own transaction
            let failures = await withTaskGroup(of: String?.self) { group in
                for (id, secretary) in work {
                    group.addTask {
                        do {
                            for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(id, a, as: secretary) }
                            for item in 1...2 { _ = try await v.fulfilment.report(id, itemPosition: item, text: "完成", fulfils: true, files: [], as: secretary) }
                            return nil
                        } catch {
                            return "\(id): \(error)"
                        }
                    }
                }
                return await group.reduce(into: [String]()) { if let f = $1 { $0.append(f) } }
            }
            // then none failed, the city counts every item fulfilled, and verify finds no difference
            #expect(failures.isEmpty, "\(failures)")
            let city = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.city.id, year: 2026) }
            #expect(city.subtree.items("member") == 48 && city.subtree.itemsFulfilled("member") == 48 && city.subtree.made("member") == 24)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test(
        "随机的操作序列（定诺、审诺、践诺、确认兑现、撤回、修改、认定、评议、免于承诺、组织调整、党员调转、加减分审核、改积分规则、后进认定与整改销号、调研、巡回检查）之后，核对结果（含积分、星级与督查帮扶）始终为零差异",
        arguments: TestDatabase.enabled)
    func verifyStaysCleanUnderRandomOperations(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            var rng = SeededRandom(seed: 20_261_121)
            let branches = [c.village1, c.village2]
            var members: [MemberRecord] = []
            for i in 0..<8 {
                members.append(try await v.members.create(sampleMember("R\(i)", name: "队员\(i)"), organizationID: branches[i % 2].id, as: .system()))
            }
            let office = caller(.campaignOffice, on: c.city)
            var commitments: [Int64] = []
            var rounds: [Int64] = []
            var succeeded: [Int: Int] = [:]
            var manual: [Int64] = []
            let campaign = try await v.campaigns.create(
                name: "创先争优", theme: "创先争优", subTheme: nil, startYear: 2026, endYear: 2028, planDueOn: nil, phases: [], carriers: [], as: .system())
            // 督查帮扶: a leader with both villages as contact points, an inspection group planned for both this quarter.
            var leaderDraft = sampleMember("RL", name: "联系领导")
            leaderDraft.categories.leadingCadre = true
            let leader = try await v.members.create(leaderDraft, organizationID: c.community.id, as: .system())
            for village in branches {
                try await v.leaderComments.addContact(organizationID: village.id, memberNo: "RL", relation: .contactPoint, as: office)
            }
            let me = Caller(userID: 91, username: "rl", displayName: "联系领导", scope: AccessScope(grants: []), memberID: leader.id)
            let inspectorID = try await v.accounts.createUser(
                username: "rinspect", displayName: "检查组长", password: "Xun-jian-2026r", grants: [(.inspector, c.city.id)], as: .system())
            let group = try await v.inspections.createGroup(organizationID: c.city.id, name: "检查组", usernames: ["rinspect"], as: office)
            let today = v.time.today()
            _ = try await v.inspections.plan(groupID: group, quarter: Quarter.containing(today), organizationIDs: branches.map(\.id), as: office)
            let plans = try await v.inspections.board(organizationID: c.city.id, quarter: Quarter.containing(today), as: office).plans.map(\.id)
            let inspector = Caller(
                userID: inspectorID, username: "rinspect",
                displayName: "检查组长", scope: AccessScope(grants: [RoleGrant(role: .inspector, organizationID: c.city.id, organizationPath: c.city.path)]))
            let cityStaff = caller(.committeeStaff, on: c.city, name: "市委组织部")
            var designations: [Int64] = []
            var items: [Int64] = []
            let checks = try await v.inspections.checks()
            func problem() -> VisitProblem {
                VisitProblem(problem: "问题", measure: "措施", responsible: "书记", deadline: CalendarDay.fromDaysSince1970(today.daysSince1970 + rng.int(1...60)))
            }
            for step in 0..<120 {
                let op = rng.int(0...15)
                do {
                    switch op {
                    case 0, 1:
                        let m = rng.pick(members)
                        let current = try await v.members.get(m.id, as: office)
                        commitments.append(
                            try await v.commitments.createForMember(
                                m.id, kind: rng.pick([.annual, .longTerm]), year: 2026, items: Self.items(rng.int(1...4)),
                                as: caller(.branchSecretary, on: try await v.organizations.get(current.organizationID, as: office))
                            ).id)
                    case 2, 3, 4:
                        guard let id = commitments.isEmpty ? nil : rng.pick(commitments) else { continue }
                        let action = rng.pick([CommitmentAction.submit, .approve, .publish, .return, .withdraw])
                        _ = try await v.commitments.act(id, action, note: action == .return ? "请量化" : nil, as: office)
                    case 5:
                        guard let id = commitments.isEmpty ? nil : rng.pick(commitments) else { continue }
                        // Bring it onto the board first where it can get there; then report.
                        for a in [CommitmentAction.submit, .approve, .publish] { _ = try? await v.commitments.act(id, a, as: office) }
                        _ = try await v.fulfilment.report(id, itemPosition: rng.pick([nil, 1, 2]), text: "进展", fulfils: rng.chance(0.7), files: [], as: office)
                    case 6:
                        guard let id = commitments.isEmpty ? nil : rng.pick(commitments) else { continue }
                        let current = try await v.commitments.get(id, as: office)
                        _ = try await v.commitments.updateItems(id, items: Self.items(rng.int(1...5)), expectedVersion: current.version, as: office)
                    case 7:
                        let m = rng.pick(members)
                        let current = try await v.members.get(m.id, as: office)
                        _ = try await v.determinations.determine(
                            organizationID: current.organizationID, memberID: m.id, year: 2026, grade: rng.pick(EvaluationGrade.allCases), reason: "随机",
                            as: office)
                    case 8:
                        if rounds.isEmpty || rng.chance(0.3) {
                            rounds.append(try await v.massEvaluation.open(organizationID: rng.pick(branches).id, title: "评议\(step)", as: office).id)
                        }
                        let round = try await v.massEvaluation.round(rng.pick(rounds), as: office)
                        guard round.open else { continue }
                        for code in try await v.massEvaluation.issueCodes(roundID: round.id, count: rng.int(1...5), as: office) {
                            try await v.massEvaluation.cast(code: code, answers: [round.targets[0].id: rng.pick(EvaluationAnswer.allCases)], remarks: [:])
                        }
                        if rng.chance(0.3) { _ = try await v.massEvaluation.close(roundID: round.id, as: office) }
                    case 10:
                        let m = rng.pick(members)
                        if rng.chance(0.6) {
                            try await v.branches.exempt(memberID: m.id, year: 2026, reason: .special, consent: "支部大会", note: "长期外出务工", as: office)
                        } else {
                            try await v.branches.removeExemption(memberID: m.id, year: 2026, as: office)
                        }
                    case 11:
                        // 确认兑现: the whole commitment at once, not item by item.
                        guard let id = commitments.isEmpty ? nil : rng.pick(commitments) else { continue }
                        for a in [CommitmentAction.submit, .approve, .publish] { _ = try? await v.commitments.act(id, a, as: office) }
                        _ = try await v.commitments.act(id, .fulfil, as: office)
                    case 12:
                        // 加减分: proposed by one person, decided by another.
                        if manual.isEmpty || rng.chance(0.5) {
                            manual.append(try await v.points.propose(memberID: rng.pick(members).id, points: rng.int(-5...8), reason: "随机", as: office))
                        } else {
                            try await v.points.decide(eventID: rng.pick(manual), approve: rng.chance(0.8), as: caller(.campaignOffice, on: c.city, name: "第二人"))
                        }
                    case 13:
                        // 评价办法: new points for every automatic event, new star thresholds.
                        var settings = EvaluationSettings.standard
                        settings.pointRules = settings.pointRules.map { r in
                            var r = r
                            r.points = r.points < 0 ? -rng.int(1...10) : rng.int(1...15)
                            return r
                        }
                        settings.memberStars = [rng.int(3...6), rng.int(7...12), rng.int(13...20), rng.int(21...30), rng.int(31...40)].map(Double.init)
                        try await v.points.saveSettings(campaignID: campaign, settings, as: office)
                    case 14:
                        // 后进认定、列入台账、申请销号、销号、退回、摘帽.
                        let village = rng.pick(branches)
                        switch rng.int(0...4) {
                        case 0:
                            designations.append(
                                try await v.backward.designate(
                                    .organization(village.id), by: c.city.id, reasons: ["weak_leadership"], note: "", threshold: nil, as: cityStaff
                                ).id)
                        case 1:
                            guard let d = designations.isEmpty ? nil : rng.pick(designations) else { continue }
                            items.append(
                                try await v.backward.addItem(d, problem: "问题", measure: "措施", responsible: "书记", deadline: problem().deadline, as: cityStaff))
                        case 2:
                            guard let i = items.isEmpty ? nil : rng.pick(items) else { continue }
                            let item = try await v.rectifications.detail(i, as: office).item
                            let unit = try await v.organizations.get(item.organizationID, as: office)
                            _ = try await v.rectifications.act(i, .request, text: "已整改", as: caller(.branchSecretary, on: unit))
                        case 3:
                            guard let i = items.isEmpty ? nil : rng.pick(items) else { continue }
                            _ = try await v.rectifications.act(i, rng.pick([.checkOff, .return]), text: "复核", as: cityStaff)
                        default:
                            guard let d = designations.isEmpty ? nil : rng.pick(designations) else { continue }
                            try await v.backward.lift(d, acceptance: "验收合格", as: cityStaff)
                        }
                    case 15:
                        // 调研指导 (sometimes with a problem) or 巡回检查 (each plan once).
                        if rng.chance(0.7) {
                            let day = CalendarDay.fromDaysSince1970(today.daysSince1970 - rng.int(0...200))
                            let visit = try await v.visits.record(
                                organizationID: rng.pick(branches).id, leaderID: nil, visitedOn: day, participants: "", examined: "调研", problems: "",
                                guidance: "指导", solved: "", item: rng.chance(0.3) ? problem() : nil, as: me)
                            items += try await v.rectifications.ledger(organizationID: c.city.id, filter: .all, confirming: false, as: office).items
                                .filter { $0.source == .visit && $0.sourceID == visit.id }.map(\.id)
                        } else {
                            let results = Dictionary(uniqueKeysWithValues: checks.map { ($0.code, InspectionResult.pass) })
                            _ = try await v.inspections.record(
                                planID: rng.pick(plans), inspectedOn: today, results: results, findings: "检查", score: rng.int(60...100),
                                problems: (0..<rng.int(0...2)).map { _ in problem() }, as: inspector)
                        }
                    default:
                        if rng.chance(0.5) {
                            // 组织调整: a village moves between the town and the community's committee and back.
                            let village = rng.pick(branches)
                            let now = try await v.organizations.get(village.id, as: office)
                            _ = try await v.organizations.move(village.id, under: now.parentID == c.town.id ? c.community.id : c.town.id, as: office)
                        } else {
                            let m = rng.pick(members)
                            let current = try await v.members.get(m.id, as: office)
                            _ = try await v.members.transfer(
                                m.id, to: current.organizationID == c.village1.id ? c.village2.id : c.village1.id, reason: "调转", as: office)
                        }
                    }
                    succeeded[[0, 0, 2, 2, 2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15][op], default: 0] += 1
                } catch is VanguardError {
                    // Not every random step is allowed (a step out of order, a member who already committed): refused whole, nothing counted.
                }
                if step % 10 == 9 { #expect(try await v.verifier.differences().isEmpty, "after step \(step)") }
            }
            // The sequence really did most kinds of things, not only refused steps.
            #expect(succeeded.values.reduce(0, +) >= 45 && Set(succeeded.keys).isSuperset(of: [0, 2, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15]), "\(succeeded)")
            let differences = try await v.verifier.differences()
            #expect(differences.isEmpty, "\(differences.prefix(5))")
            let city = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: c.city.id, year: 2026) }
            #expect(city.subtree.made("member") + city.subtree.value("member.c.draft") > 0)
            // Support figures were made and counted too (verify compared them, not empty tables).
            #expect(
                city.subtree.visitsByQuarter.reduce(0, +) > 0 && city.subtree.rectificationsOpened > 0
                    && city.subtree.value(StatMetric.backwardDesignated(.organization)) > 0)
            // Points were earned and counted (the check above covered them, not an empty table).
            let events = try await v.backend.read { db in
                try await db.raw("SELECT COUNT(*) AS n FROM point_events WHERE state = 'approved'").first(decodingColumn: "n", as: Int.self) ?? 0
            }
            #expect(events > 3 && city.subtree.value(StatMetric.memberPoints) != 0, "\(events) events")
        }
    }
}

extension StatisticsStoreTests {
    @Test("免于承诺计在党员所在组织：应承诺人数随之减少，党员调转时随人移动，取消后恢复", arguments: TestDatabase.enabled)
    func exemptionsCountWhereTheMemberIs(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city)
            let m = try await v.members.create(sampleMember("E1", name: "乙"), organizationID: c.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("E2", name: "丙"), organizationID: c.village1.id, as: .system())
            try await v.branches.exempt(memberID: m.id, year: 2026, reason: .special, consent: "支部大会", note: "长期外出务工", as: office)
            try await v.branches.exempt(memberID: m.id, year: 2026, reason: .special, consent: "支部大会（补正）", note: "长期外出务工", as: office)
            func figures(_ id: Int64) async throws -> (own: StatFigures, subtree: StatFigures) {
                try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: id, year: 2026) }
            }
            #expect(try await figures(c.village1.id).own.value(StatMetric.exemptMembers) == 1)
            #expect(try await figures(c.city.id).subtree.shouldCommit(members: 2) == 1)
            _ = try await v.members.transfer(m.id, to: c.community.id, reason: "调转", as: office)
            #expect(try await figures(c.village1.id).own.value(StatMetric.exemptMembers) == 0)
            #expect(try await figures(c.community.id).own.value(StatMetric.exemptMembers) == 1)
            #expect(try await figures(c.town.id).subtree.value(StatMetric.exemptMembers) == 0)
            #expect(try await v.verifier.differences().isEmpty)
            try await v.branches.removeExemption(memberID: m.id, year: 2026, as: office)
            #expect(try await figures(c.city.id).subtree.value(StatMetric.exemptMembers) == 0)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }
}

extension StatisticsStoreTests {
    @Test("覆盖率计在党员所在组织：在居住地社区承诺的在职党员算本支部已承诺，社区另计“外单位党员在此承诺”，调转时随人移动", arguments: TestDatabase.enabled)
    func coverageCountsWhereTheMemberBelongs(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city)
            var d = sampleMember("W1", name: "在职党员")
            d.categories.inService = true
            d.categories.residenceOrganizationID = c.community.id
            let m = try await v.members.create(d, organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let atResidence = try await v.commitments.createForMember(m.id, at: c.community.id, kind: .annual, year: 2026, items: Self.items(2), as: me)
            _ = try await v.commitments.act(atResidence.id, .submit, as: me)
            func figures(_ id: Int64) async throws -> (own: StatFigures, subtree: StatFigures) {
                try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: id, year: 2026) }
            }
            // She belongs to the village: the village (and its town and district) count her as committed.
            #expect(try await figures(c.village1.id).own.value(StatMetric.committedMembers) == 1)
            #expect(try await figures(c.town.id).subtree.coverageRate(members: 1) == 1)
            // The community reviews her commitment and counts it, but not as one of its own members.
            let community = try await figures(c.community.id)
            #expect(community.own.made("member") == 1 && community.own.value(StatMetric.committedMembers) == 0)
            #expect(community.own.value(StatMetric.committedGuests) == 1)
            #expect(try await figures(c.otherDistrict.id).subtree.value(StatMetric.committedMembers) == 0)
            // A second commitment at home does not count her twice; the guest figure stays.
            let atHome = try await v.commitments.createForMember(m.id, at: c.village1.id, kind: .annual, year: 2026, items: Self.items(1), as: me)
            _ = try await v.commitments.act(atHome.id, .submit, as: me)
            #expect(try await figures(c.city.id).subtree.value(StatMetric.committedMembers) == 1)
            #expect(try await figures(c.city.id).subtree.value(StatMetric.committedGuests) == 1)
            #expect(try await v.verifier.differences().isEmpty)
            // Transferred into the community, she is its own member: committed there, no longer a guest.
            _ = try await v.members.transfer(m.id, to: c.community.id, reason: "调转", as: office)
            #expect(try await figures(c.village1.id).own.value(StatMetric.committedMembers) == 0)
            let after = try await figures(c.community.id)
            #expect(after.own.value(StatMetric.committedMembers) == 1 && after.own.value(StatMetric.committedGuests) == 0)
            // …while the village now counts her as a guest for the commitment she made there.
            #expect(try await figures(c.village1.id).own.value(StatMetric.committedGuests) == 1)
            #expect(try await v.verifier.differences().isEmpty)
            // Withdrawn everywhere, she is no longer counted anywhere.
            for id in [atResidence.id, atHome.id] { _ = try await v.commitments.act(id, .withdraw, as: me) }
            let city = try await figures(c.city.id)
            #expect(city.subtree.value(StatMetric.committedMembers) == 0 && city.subtree.value(StatMetric.committedGuests) == 0)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }
}

@Suite("省级规模的生成（SQLite 与 PostgreSQL）")
struct ProvinceScaleTests {
    @Test("库内生成的省：组织层级、党员、承诺事项的数目如设计，计数与事实一致，全省汇总等于各市之和", arguments: TestDatabase.enabled)
    func aSmallProvinceIsConsistent(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let schema = try await Self.keysAndIndexes(v)
            let made = try await ProvinceScale(fanout: [2, 3, 2, 5], membersPerBranch: 4).generate(into: v)
            // The keys and indexes set aside while the rows went in (PostgreSQL) are all back, as the migrations made them.
            #expect(try await Self.keysAndIndexes(v) == schema)
            // 1 + 2 + 6 + 12 + 60 organizations; 4 members in each branch, 5 in those whose id % 20 < 13.
            #expect(made.organizations == 81)
            let branches = try await v.backend.read { db in
                try await db.raw("SELECT id FROM organizations WHERE depth = 4").all(decodingColumn: "id", as: Int64.self)
            }
            #expect(branches.count == 60 && made.members == branches.reduce(0) { $0 + ($1 % 20 < 13 ? 5 : 4) })
            let paths = try await v.backend.read { db in
                try await db.raw("SELECT o.path, p.path AS parent FROM organizations o JOIN organizations p ON p.id = o.parent_id").all().map {
                    (try $0.string("path"), try $0.string("parent"))
                }
            }
            #expect(paths.count == 80 && paths.allSatisfy { $0.0.hasPrefix($0.1) && $0.0.split(separator: "/").count == $0.1.split(separator: "/").count + 1 })
            // Every commitment has 2 or 3 items: 3 when its id % 10 < 7.
            let commitments = try await v.backend.read { db in try await db.raw("SELECT id FROM commitments").all(decodingColumn: "id", as: Int64.self) }
            #expect(commitments.count == made.members + made.organizations)
            #expect(made.items == commitments.reduce(0) { $0 + ($1 % 10 < 7 ? 3 : 2) })
            #expect(try await v.verifier.differences().isEmpty)
            let root = try await v.backend.read { db in try await StatsRepository.figures(db, organizationID: 1, year: v.time.today().year).subtree }
            #expect(root.made("member") > 0 && root.itemsFulfilled("member") > 0 && root.fulfilled("organization") > 0)
            let children = try await v.backend.read { db in
                try await db.raw("SELECT id FROM organizations WHERE parent_id = 1").all(decodingColumn: "id", as: Int64.self)
            }
            let sums = try await v.backend.read { db in try await StatsRepository.subtreeFigures(db, organizationIDs: children, year: v.time.today().year) }
            #expect(sums.values.reduce(0) { $0 + $1.items("member") } == root.items("member"))
            // The ids were given: a new organization still gets a fresh one.
            let town = try await v.backend.read { db in
                try await db.raw("SELECT MIN(id) AS id FROM organizations WHERE depth = 3").first(decodingColumn: "id", as: Int64.self)!
            }
            let next = try await v.organizations.create(parentID: town, code: "NEW", name: "新支部", kind: .branch, sector: .village, as: .system())
            #expect(next.id > branches.max()!)
            // The keys are checked again: an item of no commitment is refused.
            await #expect(throws: (any Error).self) {
                try await v.backend.write { db in
                    try await db.raw(
                        "INSERT INTO commitment_items (commitment_id, position, content, responsibility, deadline, expected_result) VALUES (999999999, 1, 'x', 'x', '2026-12-31', 'x')"
                    ).run()
                }
            }
        }
    }

    /// Every constraint and index of the tables a province fills, as the database describes them (with a
    /// standby, read there: it serves no read before it has replayed the migrations).
    static func keysAndIndexes(_ v: Vanguard) async throws -> [String] {
        let tables = ["organizations", "members", "commitments", "commitment_items", "stat_counters"]
        return try await v.backend.read { db in
            switch db.engine {
            case .postgres:
                let names = SQLList(tables.map { SQLBind($0) })
                let ours: SQLQueryString = "SELECT oid FROM pg_class WHERE relname IN (\(names)) AND relnamespace = current_schema()::regnamespace"
                let keys = try await db.raw(
                    "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS d FROM pg_constraint WHERE conrelid IN ("
                        + ours + ")"
                )
                .all(decodingColumn: "d", as: String.self)
                let indexes = try await db.raw("SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid IN (" + ours + ")").all(
                    decodingColumn: "d", as: String.self)
                return (keys + indexes).sorted()
            default:
                return try await db.raw("SELECT COALESCE(sql, name) AS d FROM sqlite_master WHERE tbl_name IN (\(SQLList(tables.map { SQLBind($0) })))")
                    .all(decodingColumn: "d", as: String.self).sorted()
            }
        }
    }
}
