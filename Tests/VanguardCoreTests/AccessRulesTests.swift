import Testing

@testable import VanguardCore

@Suite("权限范围")
struct AccessRulesTests {
    let district = TreePath(ids: [1, 17])
    let branch = TreePath(ids: [1, 17, 245])
    let otherDistrict = TreePath(ids: [1, 18])

    @Test("角色授予在组织上，覆盖其全部下级组织")
    func roleCoversSubtree() {
        let scope = AccessScope(grants: [RoleGrant(role: .committeeStaff, organizationID: 17, organizationPath: district)])
        #expect(scope.allows(.manageMembers, at: branch))
        #expect(!scope.canSee(otherDistrict))
        #expect(!scope.allows(.read, at: TreePath(ids: [1])))
    }

    @Test("范围外的对象一律显示为不存在，范围内无权操作的为禁止")
    func notFoundOutsideForbiddenInside() {
        let scope = AccessScope(grants: [RoleGrant(role: .member, organizationID: 245, organizationPath: branch)])
        let what = Bilingual("该组织", "Organization")
        #expect(throws: VanguardError.notFound(what)) { try scope.require(.read, at: otherDistrict, what: what) }
        do {
            try scope.require(.manageMembers, at: branch, what: what)
            Issue.record("a member must not manage members")
        } catch let e as VanguardError {
            #expect(e.kind == .forbidden)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("范围根是不被其他授权覆盖的组织")
    func scopeRoots() {
        let scope = AccessScope(grants: [
            RoleGrant(role: .member, organizationID: 245, organizationPath: branch),
            RoleGrant(role: .committeeStaff, organizationID: 17, organizationPath: district),
            RoleGrant(role: .inspector, organizationID: 18, organizationPath: otherDistrict),
        ])
        #expect(Set(scope.roots.map(\.organizationID)) == [17, 18])
    }

    @Test("连续五次登录失败后须等待")
    func loginThrottle() {
        let policy = LoginThrottlePolicy(maxFailures: 5, windowMillis: 60_000)
        let failures: [Int64] = [0, 1000, 2000, 3000]
        #expect(policy.retryAfter(failures, now: 5000) == nil)
        #expect(policy.retryAfter(failures + [4000], now: 5000) == 55_000)
        #expect(policy.retryAfter(failures + [4000], now: 61_000) == nil)
    }

    @Test("活动阶段须依次排列且不重叠")
    func campaignSchedule() {
        func day(_ m: Int, _ d: Int) -> CalendarDay { CalendarDay(year: 2026, month: m, day: d)! }
        let good = [
            CampaignPhase(kind: .mobilization, startsOn: day(3, 1), endsOn: day(5, 31)),
            CampaignPhase(kind: .rollout, startsOn: day(6, 1), endsOn: day(12, 31)),
        ]
        #expect(throws: Never.self) { try CampaignSchedule.check(good) }
        #expect(CampaignSchedule.phase(on: day(7, 1), in: good)?.kind == .rollout)
        #expect(throws: VanguardError.self) { try CampaignSchedule.check(good.reversed()) }
        let overlapping = [good[0], CampaignPhase(kind: .rollout, startsOn: day(5, 1), endsOn: day(12, 31))]
        #expect(throws: VanguardError.self) { try CampaignSchedule.check(overlapping) }
    }
}
