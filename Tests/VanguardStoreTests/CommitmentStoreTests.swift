import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("公开承诺（SQLite 与 PostgreSQL）")
struct CommitmentStoreTests {
    static let items = [
        CommitmentItemDraft(
            content: "帮助三户困难群众发展产业", responsibility: "本人牵头", deadline: CalendarDay(year: 2026, month: 12, day: 31)!,
            expectedResult: "三户年增收两千元以上", focusArea: "带头致富、带领群众共同致富")
    ]

    @Test("党员承诺经支部审核后才能公开：退回、修改、再提交、通过、公开、践诺、兑现", arguments: TestDatabase.enabled)
    func memberCommitmentThroughAllSteps(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1", name: "刘芳"), organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let secretary = caller(.branchSecretary, on: c.village1, name: "书记")
            // when
            let draft = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: me)
            _ = try await v.commitments.act(draft.id, .submit, as: me)
            let returned = try await v.commitments.act(draft.id, .return, note: "预期结果不够具体", as: secretary)
            #expect(returned.state == .returned && returned.returnReason == "预期结果不够具体")
            var revised = Self.items
            revised[0].expectedResult = "三户年增收两千元以上，年底入户核实"
            _ = try await v.commitments.updateItems(draft.id, items: revised, expectedVersion: returned.version, as: me)
            for (action, who) in [(CommitmentAction.submit, me), (.approve, secretary), (.publish, secretary), (.start, me), (.fulfil, me)] {
                _ = try await v.commitments.act(draft.id, action, as: who)
            }
            // then
            let done = try await v.commitments.get(draft.id, as: me)
            #expect(done.state == .fulfilled && done.items[0].fulfilled && done.items[0].draft.expectedResult.contains("入户核实"))
            let history = try await v.commitments.history(draft.id, as: secretary)
            #expect(history.map(\.action) == ["create", "submit", "return", "submit", "approve", "publish", "start", "fulfil"])
            #expect(history[2].actor == "书记" && history[2].note == "预期结果不够具体")
        }
    }

    @Test(
        "页面的按钮与命令的裁决出自同一个 CommitmentPolicy：每一步、每个人，它说不行的命令都被拒绝，它说行的下一步能做",
        arguments: TestDatabase.enabled)
    func policyAgreesWithCommands(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            // given a member's commitment, its author, the branch secretary (reviewer, and author on her behalf) and another member
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1", name: "刘芳"), organizationID: c.village1.id, as: .system())
            let other = try await v.members.create(sampleMember("M2", name: "王强"), organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let callers = [("本人", me), ("书记", caller(.branchSecretary, on: c.village1, name: "书记")), ("其他党员", memberCaller(other, on: c.village1))]
            let draft = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: me)
            var refusedAsPolicySaid = 0
            // when each step of the cycle is taken in turn, every caller's policy is checked against what the commands do
            for (step, by) in [(CommitmentAction.submit, 0), (.approve, 1), (.publish, 1), (.start, 0), (.fulfil, 0)] {
                for (name, who) in callers {
                    let detail = try await v.commitments.detail(draft.id, as: who)
                    let policy = detail.policy
                    let state = detail.commitment.state
                    for a in CommitmentAction.allCases where a != .evaluate && a != .markOverdue && !policy.may(a) {
                        await #expect(throws: VanguardError.self, "\(name) \(a) on \(state)") {
                            _ = try await v.commitments.act(draft.id, a, note: "理由", as: who)
                        }
                        refusedAsPolicySaid += 1
                    }
                    if !policy.mayRevise {
                        await #expect(throws: VanguardError.self, "\(name) revise on \(state)") {
                            _ = try await v.commitments.updateItems(draft.id, items: Self.items, expectedVersion: detail.commitment.version, as: who)
                        }
                    }
                    if !policy.mayReport {
                        await #expect(throws: VanguardError.self, "\(name) report on \(state)") {
                            _ = try await v.fulfilment.report(draft.id, itemPosition: nil, text: "进展", fulfils: false, files: [], as: who)
                        }
                    }
                    if policy.mayUrge {
                        try await v.reminders.urge(draft.id, note: "请抓紧", as: who)
                    } else {
                        await #expect(throws: VanguardError.self, "\(name) urge on \(state)") { try await v.reminders.urge(draft.id, note: "请抓紧", as: who) }
                    }
                }
                let (name, who) = callers[by]
                #expect(try await v.commitments.detail(draft.id, as: who).policy.may(step), "\(name) may \(step)")
                _ = try await v.commitments.act(draft.id, step, as: who)
            }
            // then the cycle ended fulfilled, and the policy refused many steps on the way
            #expect(try await v.commitments.get(draft.id, as: me).state == .fulfilled)
            #expect(refusedAsPolicySaid > 40)
            #expect(try await v.commitments.detail(draft.id, as: callers[2].1).policy.actions.isEmpty)
        }
    }

    @Test("组织的承诺由上级组织审核，本组织不能自己审核", arguments: TestDatabase.enabled)
    func organizationCommitmentIsReviewedBySuperior(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = caller(.branchSecretary, on: c.village1)
            let draft = try await v.commitments.createForOrganization(c.village1.id, kind: .annual, year: 2026, items: Self.items, as: secretary)
            #expect(draft.reviewerOrganizationID == c.town.id)
            _ = try await v.commitments.act(draft.id, .submit, as: secretary)
            await #expect(throws: VanguardError.self) { _ = try await v.commitments.act(draft.id, .approve, as: secretary) }
            let staff = caller(.committeeStaff, on: c.district)
            #expect(try await v.commitments.act(draft.id, .approve, as: staff).state == .approved)
            await #expect(throws: VanguardError.self) {
                _ = try await v.commitments.createForOrganization(c.city.id, kind: .annual, year: 2026, items: Self.items, as: .system())
            }
        }
    }

    @Test("任何人都不能审核自己的承诺", arguments: TestDatabase.enabled)
    func nobodyApprovesTheirOwn(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            var d = sampleMember("S1", name: "书记本人")
            d.categories.secretary = true
            let s = try await v.members.create(d, organizationID: c.village1.id, as: .system())
            let me = Caller(
                userID: 7, username: "sec", displayName: "书记本人",
                scope: AccessScope(grants: [RoleGrant(role: .branchSecretary, organizationID: c.village1.id, organizationPath: c.village1.path)]),
                memberID: s.id)
            let draft = try await v.commitments.createForMember(s.id, kind: .annual, year: 2026, items: Self.items, as: me)
            #expect(draft.higherStandard)
            _ = try await v.commitments.act(draft.id, .submit, as: me)
            do {
                _ = try await v.commitments.act(draft.id, .approve, as: me)
                Issue.record("a secretary approved her own commitment")
            } catch let e as VanguardError {
                #expect(e.kind == .forbidden)
            }
            #expect(try await v.commitments.get(draft.id, as: me).state == .submitted)
        }
    }

    @Test("同一承诺的并发操作只有一个成功，另一个得到冲突", arguments: TestDatabase.enabled)
    func concurrentTransitions(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            let draft = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: secretary)
            let submitted = try await v.commitments.act(draft.id, .submit, as: secretary)
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for action in [CommitmentAction.approve, .return] {
                    group.addTask {
                        (try? await v.commitments.act(draft.id, action, note: "理由", expectedVersion: submitted.version, as: secretary)) != nil
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            let events = try await v.commitments.history(draft.id, as: secretary)
            #expect(events.count == 3)
        }
    }

    @Test("其他支部的党员看不到也不能操作本支部的草稿", arguments: TestDatabase.enabled)
    func draftsStayInTheBranch(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let a = try await v.members.create(sampleMember("A1"), organizationID: c.village1.id, as: .system())
            let b = try await v.members.create(sampleMember("B1"), organizationID: c.village2.id, as: .system())
            let draft = try await v.commitments.createForMember(a.id, kind: .annual, year: 2026, items: Self.items, as: memberCaller(a, on: c.village1))
            let outsider = memberCaller(b, on: c.village2)
            await #expect(throws: VanguardError.notFound(.init("该承诺", "Commitment"))) { _ = try await v.commitments.get(draft.id, as: outsider) }
            await #expect(throws: VanguardError.notFound(.init("该承诺", "Commitment"))) { _ = try await v.commitments.act(draft.id, .submit, as: outsider) }
            await #expect(throws: VanguardError.self) {
                _ = try await v.commitments.createForMember(a.id, kind: .annual, year: 2026, items: Self.items, as: outsider)
            }
        }
    }

    @Test("不合规的流转被拒绝且状态不变；每处每年只有一份年度承诺", arguments: TestDatabase.enabled)
    func invalidTransitionAndDuplicates(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1)
            let draft = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: secretary)
            do {
                _ = try await v.commitments.act(draft.id, .publish, as: secretary)
                Issue.record("a draft was published")
            } catch let e as VanguardError {
                #expect(e.kind == .conflict)
            }
            #expect(try await v.commitments.get(draft.id, as: secretary).state == .draft)
            await #expect(throws: VanguardError.self) {
                _ = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: secretary)
            }
            _ = try await v.commitments.createForMember(m.id, kind: .immediate, year: 2026, items: Self.items, as: secretary)
            await #expect(throws: VanguardError.self) { _ = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: [], as: secretary) }
        }
    }

    @Test("在职党员也在居住地社区承诺，由社区审核；重点领域按领域预置", arguments: TestDatabase.enabled)
    func residenceCommitment(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            var d = sampleMember("W1", name: "在职党员")
            d.categories.inService = true
            d.categories.residenceOrganizationID = c.community.id
            let m = try await v.members.create(d, organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let atHome = try await v.commitments.createForMember(m.id, at: c.community.id, kind: .annual, year: 2026, items: Self.items, as: me)
            #expect(atHome.reviewerOrganizationID == c.community.id && atHome.organizationName == "幸福社区党委")
            await #expect(throws: VanguardError.self) {
                _ = try await v.commitments.createForMember(m.id, at: c.village2.id, kind: .annual, year: 2026, items: Self.items, as: me)
            }
            #expect(try await v.commitments.focusAreas(sector: .village, audience: "member").first == "带头致富、带领群众共同致富")
            #expect(try await v.commitments.focusAreas(sector: .higherSchool, audience: "student").count == 4)
        }
    }
}
