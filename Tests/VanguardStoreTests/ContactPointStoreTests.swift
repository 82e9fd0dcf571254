import Foundation
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("示范点与城乡结对共建（SQLite 与 PostgreSQL）")
struct ContactPointStoreTests {
    func kind(_ body: () async throws -> Void) async -> VanguardError.Kind? { await refusal(body) }

    /// A county organ's branch with a leading cadre whose contact point is the first village.
    func leader(_ v: Vanguard, _ c: SmallCity) async throws -> (organ: OrganizationRecord, me: Caller, district: Caller) {
        let organ = try await v.organizations.create(
            parentID: c.district.id, code: "D1A", name: "东区机关第一党支部", kind: .branch, sector: .organ, as: .system())
        var draft = sampleMember("L001", name: "周领导")
        draft.categories.leadingCadre = true
        let leader = try await v.members.create(draft, organizationID: organ.id, as: .system())
        let district = caller(.committeeStaff, on: c.district, name: "district")
        try await v.leaderComments.addContact(organizationID: c.village1.id, memberNo: "L001", relation: .contactPoint, as: district)
        let me = Caller(
            userID: 77, username: "zhou", displayName: "周领导",
            scope: AccessScope(grants: [RoleGrant(role: .leadingCadre, organizationID: c.district.id, organizationPath: c.district.path)]),
            memberID: leader.id)
        return (organ, me, district)
    }

    @Test("领导干部把联系点申报为示范点（选择达到的标准、写明理由），上级组织部门审批命名或说明不予命名的理由；申报人不能自批，后进组织不能申报，同一组织同时只能有一个申报；申报不公开、命名公开", arguments: TestDatabase.enabled)
    func demonstrationPointProposedAndApproved(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let (_, me, district) = try await leader(v, c)
            #expect(try await v.demonstrations.desk(organizationID: c.village1.id, as: me).mayPropose)
            #expect(!(try await v.demonstrations.desk(organizationID: c.village1.id, as: caller(.member, on: c.village1))).mayPropose)
            #expect(
                await kind {
                    _ = try await v.demonstrations.propose(
                        organizationID: c.village1.id, leaderID: nil, criteria: ["leadership"], note: "好", as: caller(.branchSecretary, on: c.village2))
                } == .notFound)
            #expect(
                await kind {
                    _ = try await v.demonstrations.propose(
                        organizationID: c.village1.id, leaderID: nil, criteria: ["leadership"], note: "好", as: caller(.branchSecretary, on: c.village1))
                } == .forbidden)  // the unit does not propose itself
            for (criteria, note) in [([String](), "好"), (["leadership", "leadership"], "好"), (["best"], "好"), (["leadership"], " ")] {
                #expect(
                    await kind {
                        _ = try await v.demonstrations.propose(organizationID: c.village1.id, leaderID: nil, criteria: criteria, note: note, as: me)
                    } == .invalid)
            }
            let proposal = try await v.demonstrations.propose(
                organizationID: c.village1.id, leaderID: nil, criteria: ["leadership", "masses"], note: "村“两委”班子团结，便民服务站群众满意", as: me)
            #expect(proposal.state == .proposed && proposal.leaderName == "周领导" && proposal.criteria == ["leadership", "masses"])
            #expect(
                await kind {
                    _ = try await v.demonstrations.propose(organizationID: c.village1.id, leaderID: nil, criteria: ["team"], note: "再报", as: district)
                } == .conflict)
            // Private while proposed: the village's members do not see it; the district does, and may decide.
            #expect(try await v.demonstrations.desk(organizationID: c.village1.id, as: caller(.member, on: c.village1)).records.isEmpty)
            #expect(try await v.demonstrations.desk(organizationID: c.village1.id, as: me).records.count == 1)
            #expect(try await v.demonstrations.desk(organizationID: c.village1.id, as: district).decidable == proposal.id)
            #expect(
                await kind { _ = try await v.demonstrations.decide(proposal.id, approve: true, note: "", as: caller(.member, on: c.village1)) } == .notFound)
            #expect(
                await kind { _ = try await v.demonstrations.decide(proposal.id, approve: true, note: "", as: caller(.branchSecretary, on: c.village1)) }
                    == .forbidden)
            #expect(
                await kind {
                    _ = try await v.demonstrations.decide(proposal.id, approve: true, note: "", as: caller(.committeeStaff, on: c.district, name: "zhou"))
                }
                    == .forbidden)  // whoever proposed does not decide
            #expect(await kind { _ = try await v.demonstrations.decide(proposal.id, approve: false, note: " ", as: district) } == .invalid)
            let approved = try await v.demonstrations.decide(proposal.id, approve: true, note: "同意命名", as: district)
            #expect(approved.state == .approved && approved.decidedBy == "district")
            #expect(await kind { _ = try await v.demonstrations.decide(proposal.id, approve: false, note: "撤回", as: district) } == .conflict)
            // Public once named.
            #expect(try await v.demonstrations.desk(organizationID: c.village1.id, as: caller(.member, on: c.village1)).records.map(\.state) == [.approved])
            #expect(try await v.demonstrations.board(organizationID: c.district.id, state: .approved, as: district).total == 1)
            #expect(
                await kind { _ = try await v.demonstrations.board(organizationID: c.village1.id, state: nil, as: caller(.member, on: c.village1)) }
                    == .forbidden)

            // A backward unit is no model; a rejected one may be proposed again.
            try await v.leaderComments.addContact(organizationID: c.village2.id, memberNo: "L001", relation: .contactPoint, as: district)
            let d = try await v.backward.designate(
                .organization(c.village2.id), by: c.district.id, reasons: ["weak_leadership"], note: "", threshold: nil, as: district)
            #expect(
                await kind {
                    _ = try await v.demonstrations.propose(organizationID: c.village2.id, leaderID: nil, criteria: ["team"], note: "队伍好", as: me)
                } == .conflict)
            _ = d
            // Designated backward after it was proposed: it cannot be named.
            let late = try await v.demonstrations.propose(
                organizationID: c.community.id, leaderID: nil, criteria: ["team"], note: "队伍好", as: caller(.committeeStaff, on: c.city, name: "city1"))
            _ = try await v.backward.designate(
                .organization(c.community.id), by: c.otherDistrict.id, reasons: ["weak_leadership"], note: "", threshold: nil,
                as: caller(.committeeStaff, on: c.otherDistrict))
            #expect(
                await kind { _ = try await v.demonstrations.decide(late.id, approve: true, note: "", as: caller(.committeeStaff, on: c.city, name: "city2")) }
                    == .conflict)
            let town = caller(.committeeStaff, on: c.town, name: "town")
            let other = try await v.demonstrations.propose(
                organizationID: c.town.id, leaderID: nil, criteria: ["mechanism"], note: "制度健全", as: district)
            #expect(await kind { _ = try await v.demonstrations.decide(other.id, approve: true, note: "", as: town) } == .forbidden)  // a unit does not name itself
            #expect(try await v.demonstrations.decide(other.id, approve: false, note: "群众评议尚未开展", as: caller(.committeeStaff, on: c.city)).state == .rejected)
            // Two proposals at once: one live proposal per organization.
            async let a = refusal {
                _ = try await v.demonstrations.propose(organizationID: c.town.id, leaderID: nil, criteria: ["team"], note: "一", as: district)
            }
            async let b = refusal {
                _ = try await v.demonstrations.propose(
                    organizationID: c.town.id, leaderID: nil, criteria: ["team"], note: "二", as: caller(.committeeStaff, on: c.city, name: "city"))
            }
            let outcomes = await [a, b]
            #expect(outcomes.filter { $0 == nil }.count == 1 && outcomes.contains(.conflict))
        }
    }

    @Test("城乡结对共建：同时管理双方的党委把村党支部与城市机关、社区党组织结对（X+1），双方记录帮扶，党委解除结对；农村一方须是乡村，城市一方不能是乡村；看得到任一方的人看得到结对", arguments: TestDatabase.enabled)
    func urbanRuralPairing(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let (organ, _, district) = try await leader(v, c)
            #expect(await kind { _ = try await v.urbanRural.pair(ruralID: organ.id, cityID: c.village1.id, as: district) } == .invalid)
            #expect(await kind { _ = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: c.village2.id, as: district) } == .invalid)
            #expect(await kind { _ = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: c.community.id, as: district) } == .invalid)  // out of the district's sight
            #expect(
                await kind { _ = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: organ.id, as: caller(.branchSecretary, on: c.village1)) }
                    == .forbidden)
            #expect(
                await kind {
                    _ = try await v.urbanRural.pair(
                        ruralID: c.village1.id, cityID: organ.id, within: c.otherDistrict.id, as: caller(.committeeStaff, on: c.city))
                } == .invalid)  // neither side under the page it was sent from
            let pairing = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: organ.id, as: district)
            #expect(pairing.kind == .urbanRural && pairing.pairedByID == c.district.id && pairing.helpers.map(\.organizationID) == [organ.id])
            #expect(await kind { _ = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: organ.id, as: district) } == .conflict)
            // X+1: the city joins a community from the other district (a committee over both).
            let cityStaff = caller(.committeeStaff, on: c.city, name: "city")
            #expect(await kind { _ = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: c.community.id, as: district) } == .invalid)
            let both = try await v.urbanRural.pair(ruralID: c.village1.id, cityID: c.community.id, as: cityStaff)
            #expect(both.id == pairing.id && both.helpers.count == 2)
            // Whoever sees a side sees it.
            #expect(
                try await v.urbanRural.board(organizationID: c.otherDistrict.id, as: caller(.committeeStaff, on: c.otherDistrict)).pairings.map(\.id) == [
                    pairing.id
                ])
            #expect(try await v.urbanRural.board(organizationID: c.village2.id, as: caller(.member, on: c.village2)).pairings.isEmpty)
            let today = v.time.today()
            try await v.urbanRural.help(
                pairingID: pairing.id, kind: .funds, heldOn: today, content: "捐建村文化广场", amount: 50_000, as: caller(.branchSecretary, on: organ))
            try await v.urbanRural.help(
                pairingID: pairing.id, kind: .visit, heldOn: today, content: "联合主题党日", amount: nil, as: caller(.branchSecretary, on: c.village1))
            #expect(
                await kind {
                    try await v.urbanRural.help(
                        pairingID: pairing.id, kind: .visit, heldOn: today, content: "看看", amount: nil, as: caller(.member, on: c.village2))
                } == .notFound)
            #expect(
                await kind {
                    try await v.urbanRural.help(pairingID: pairing.id, kind: .funds, heldOn: today, content: "钱", amount: -5, as: district)
                } == .invalid)
            #expect(
                await kind {
                    try await v.urbanRural.help(
                        pairingID: pairing.id, kind: .visit, heldOn: CalendarDay.fromDaysSince1970(today.daysSince1970 - 1), content: "结对前", amount: nil,
                        as: district)
                } == .invalid)  // before the pairing began
            let board = try await v.urbanRural.board(organizationID: c.district.id, as: district)
            #expect(board.mayPair && board.help[pairing.id]?.count == 2)
            #expect(await kind { try await v.urbanRural.end(pairingID: pairing.id, note: "到期", as: caller(.branchSecretary, on: c.village1)) } == .forbidden)
            #expect(await kind { try await v.urbanRural.end(pairingID: pairing.id, note: " ", as: district) } == .invalid)
            try await v.urbanRural.end(pairingID: pairing.id, note: "三年结对期满", as: district)
            #expect(
                await kind {
                    try await v.urbanRural.help(pairingID: pairing.id, kind: .visit, heldOn: today, content: "再去", amount: nil, as: district)
                } == .conflict)
            // Two clerks starting the second village's pairing at once: one pairing with both.
            async let first = v.urbanRural.pair(ruralID: c.village2.id, cityID: organ.id, as: district)
            async let second = v.urbanRural.pair(ruralID: c.village2.id, cityID: c.community.id, as: cityStaff)
            let (p1, p2) = try await (first, second)
            #expect(p1.id == p2.id)
            #expect(try await v.urbanRural.board(organizationID: c.village2.id, as: district).pairings.first?.helpers.count == 2)
        }
    }

    @Test("调研周期是评价办法里的设置（默认每季度）；本期结束前两周提醒尚未调研的联系点，每点每期只提醒一次，调研过的不提醒；改为每月后待调研按月计算", arguments: TestDatabase.enabled)
    func visitRemindersAndInterval(_ database: TestDatabase) async throws {
        let clock = SettableTime(millis: TestDatabase.fixedTime.millis)
        try await database.withVanguard(time: clock) { v in
            let c = try await SmallCity.make(v)
            let (_, me, district) = try await leader(v, c)
            try await v.leaderComments.addContact(organizationID: c.village2.id, memberNo: "L001", relation: .contactPoint, as: district)
            let today = v.time.today()
            let quarter = ContactVisitRules.period(containing: today, months: 3)
            #expect(quarter.first == Quarter.containing(today).firstDay && quarter.last == Quarter.containing(today).lastDay)
            #expect(try await v.visits.mine(as: me).period == quarter)
            // Far from the quarter's end: nobody is told yet.
            clock.advance(days: quarter.last.daysSince1970 - today.daysSince1970 - ContactVisitRules.reminderDays - 1)
            #expect(try await v.visits.remind() == 0)
            clock.advance(days: 2)
            _ = try await v.visits.record(
                organizationID: c.village1.id, leaderID: nil, visitedOn: v.time.today(), participants: "", examined: "看", problems: "", guidance: "抓好",
                solved: "", item: nil, as: me)
            #expect(try await v.visits.remind() == 1)  // the second village only
            #expect(try await v.visits.remind() == 0)
            let inbox = try await v.reminders.inbox(as: me)
            #expect(inbox.filter { $0.text.contains("李庄村党支部本期尚未调研") }.count == 1 && !inbox.contains { $0.text.contains("桃花村党支部本期尚未调研") })

            // The campaign decides monthly visits: the period is the month, a bad interval is refused.
            let office = caller(.campaignOffice, on: c.city)
            let campaign = try await v.campaigns.create(
                name: "创先争优", theme: "创先争优", subTheme: nil, startYear: 2026, endYear: 2028, planDueOn: nil, phases: [], carriers: [], as: .system())
            var settings = EvaluationSettings.standard
            settings.visitIntervalMonths = 4
            #expect(await kind { try await v.points.saveSettings(campaignID: campaign, settings, as: office) } == .invalid)
            settings.visitIntervalMonths = 1
            try await v.points.saveSettings(campaignID: campaign, settings, as: office)
            let month = ContactVisitRules.period(containing: v.time.today(), months: 1)
            #expect(month.first.day == 1 && month.first.month == v.time.today().month && month.last.month == v.time.today().month)
            let mine = try await v.visits.mine(as: me)
            #expect(mine.period == month && mine.points.filter(\.due).map(\.organization.id) == [c.village2.id])
            #expect(try await v.visits.coverage(organizationID: c.district.id, as: district).periodFirst == month.first)
        }
    }

    @Test("迁移22：已提出的承诺整改要求并入整改台账——未答复的整改中（过期即记逾期，首次扫描不再提醒旧事），已答复的按答复日销号；计数与核对一致", arguments: TestDatabase.enabled)
    func commitmentDemandsFoldIntoTheLedger(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            let items = [
                CommitmentItemDraft(content: "修好村道", responsibility: "本支部", deadline: CalendarDay(year: 2026, month: 12, day: 31)!, expectedResult: "通车")
            ]
            let commitment = try await v.commitments.createForOrganization(c.village1.id, kind: .annual, year: 2026, items: items, as: secretary)
            // Demands as an older version recorded them: no items.
            try await v.backend.write { db in
                for (findings, deadline, resolved) in [("内容空泛", "2026-01-31", nil), ("进度滞后", "2099-12-31", nil), ("台账不全", "2026-03-31", "2026-03-20")] {
                    try await db.insert(into: "supervision_records")
                        .columns("organization_id", "kind", "held_on", "findings", "commitment_id", "deadline", "resolved_on", "response", "recorded_by", "at")
                        .values(
                            SQLBind(c.village1.id), SQLBind("rectification"), SQLBind("2026-01-10"), SQLBind(findings), SQLBind(commitment.id),
                            SQLBind(deadline),
                            SQLBind(resolved), SQLBind(resolved.map { _ in "已补齐" }), SQLBind("town"), SQLBind(Int64(0))
                        ).run()
                }
                try await M022CommitmentRectifications().prepare(on: db)
            }
            let staff = caller(.committeeStaff, on: c.district)
            let ledger = try await v.rectifications.ledger(organizationID: c.district.id, filter: .all, confirming: false, as: staff).items
            let byProblem = Dictionary(uniqueKeysWithValues: ledger.map { ($0.problem, $0) })
            #expect(ledger.count == 3 && ledger.allSatisfy { $0.source == .commitment && $0.confirmerID == commitment.reviewerOrganizationID })
            #expect(byProblem["内容空泛"]?.state == .open && byProblem["内容空泛"]?.overdue == true)
            #expect(byProblem["进度滞后"]?.state == .open && byProblem["进度滞后"]?.overdue == false)
            #expect(byProblem["台账不全"]?.state == .checkedOff && byProblem["台账不全"]?.checkedOffOn == CalendarDay(year: 2026, month: 3, day: 20))
            #expect(try await v.rectifications.sweep().markedOverdue == 0)  // history is not told again
            #expect(try await v.verifier.differences().isEmpty)
        }
    }
}
