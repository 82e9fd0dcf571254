import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

/// Issue 11, findings 8 and 9: results that were wrong, and a write that happened out of scope.
@Suite("结果的正确性（SQLite 与 PostgreSQL）")
struct ResultRulesStoreTests {
    static let items = CommitmentStoreTests.items

    /// A member's annual commitment, submitted, approved and published by her branch's secretary.
    func published(_ v: Vanguard, _ m: MemberRecord, on branch: OrganizationRecord, secretary: Caller) async throws -> CommitmentRecord {
        let me = memberCaller(m, on: branch)
        let draft = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: me)
        for (action, who) in [(CommitmentAction.submit, me), (.approve, secretary), (.publish, secretary)] {
            _ = try await v.commitments.act(draft.id, action, as: who)
        }
        return draft
    }

    func count(_ v: Vanguard) async throws -> Int {
        try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM commitments").first(decodingColumn: "n", as: Int.self) ?? 0 }
    }

    @Test("只有事项过了期限仍未兑现才能标记逾期", arguments: TestDatabase.enabled)
    func overdueOnlyAfterADeadline(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1", name: "刘芳"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1, name: "书记")
            let draft = try await published(v, m, on: c.village1, secretary: secretary)
            // The deadline is 2026-12-31; today is in November.
            await #expect(throws: VanguardError.self) { _ = try await v.commitments.act(draft.id, .markOverdue, as: secretary) }
            #expect(try await v.commitments.get(draft.id, as: secretary).state == .published)
            let january = Vanguard(backend: v.backend, time: FixedTime(millis: TestDatabase.fixedTime.millis + 50 * 86_400_000))
            #expect(try await january.commitments.act(draft.id, .markOverdue, as: secretary).state == .overdue)
        }
    }

    @Test("承诺年度须为本年度，且在活动的年度之内", arguments: TestDatabase.enabled)
    func yearsWithinTheCampaign(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let m = try await v.members.create(sampleMember("M1", name: "刘芳"), organizationID: c.village1.id, as: .system())
            let me = memberCaller(m, on: c.village1)
            let before = try await count(v)
            for year in [2020, 2025, 2027, 2031] {
                await #expect(throws: VanguardError.self, "\(year)") {
                    _ = try await v.commitments.createForMember(m.id, kind: .annual, year: year, items: Self.items, as: me)
                }
                await #expect(throws: VanguardError.self, "\(year)") {
                    _ = try await v.commitments.createForOrganization(c.village1.id, kind: .annual, year: year, items: Self.items, as: .system())
                }
            }
            #expect(try await count(v) == before)
            _ = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: Self.items, as: me)
        }
    }

    @Test("书记把党员居住地设在管理范围外再代写承诺：拒绝，且不写入任何记录", arguments: TestDatabase.enabled)
    func noWriteOutsideTheScope(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            var draft = sampleMember("M1", name: "在职党员")
            draft.categories.inService = true
            draft.categories.residenceOrganizationID = c.community.id
            let m = try await v.members.create(draft, organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1, name: "书记")
            let before = try await count(v)
            do {
                _ = try await v.commitments.createForMember(m.id, at: c.community.id, kind: .annual, year: 2026, items: Self.items, as: secretary)
                Issue.record("a commitment was drafted outside the secretary's scope")
            } catch let e as VanguardError {
                #expect(e.kind == .notFound)
            }
            #expect(try await count(v) == before)
        }
    }

    @Test("没有到期承诺事项的党员不提出建议等次，并说明缺什么", arguments: TestDatabase.enabled)
    func noGradeFromMissingData(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let idle = try await v.members.create(sampleMember("M1", name: "未承诺"), organizationID: c.village1.id, as: .system())
            let busy = try await v.members.create(sampleMember("M2", name: "未到期"), organizationID: c.village1.id, as: .system())
            let secretary = caller(.branchSecretary, on: c.village1, name: "书记")
            _ = try await published(v, busy, on: c.village1, secretary: secretary)
            for m in [idle, busy] {
                let p = try await v.determinations.propose(organizationID: c.village1.id, memberID: m.id, year: 2026, as: secretary)
                #expect(p.proposedGrade == nil && p.fulfilmentRate == nil, "\(m.draft.name)")
                #expect(p.missing.first?.zh.contains("没有到期的承诺事项") == true)
            }
        }
    }
}
