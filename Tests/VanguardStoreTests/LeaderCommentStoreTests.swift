import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("领导点评（SQLite 与 PostgreSQL）")
struct LeaderCommentStoreTests {
    static let h2 = HalfYear(year: 2026, half: 2)!
    static let text = LeaderCommentDraft(achievements: "带头办实事", problems: "台账不全", direction: "规范台账", grade: .excellent)

    func member(
        _ v: Vanguard, _ no: String, _ name: String, in org: OrganizationRecord, secretary: Bool = false, cadre: Bool = false
    ) async throws
        -> MemberRecord
    {
        var d = sampleMember(no, name: name)
        d.categories.secretary = secretary
        d.categories.leadingCadre = cadre
        return try await v.members.create(d, organizationID: org.id, as: .system())
    }

    @Test("谁点评谁由组织关系推出：书记点评本支部党员，班子成员点评所属组织，领导干部点评联系点；办公室按半年看应评、已评、逾期", arguments: TestDatabase.enabled)
    func dutiesAreDerivedAndTracked(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let secretary = try await member(v, "S1", "王书记", in: c.village1, secretary: true)
            let a = try await member(v, "A1", "甲", in: c.village1)
            let b = try await member(v, "B1", "乙", in: c.village1)
            let townLeader = try await member(v, "T1", "镇委书记", in: c.town, secretary: true)
            let cadre = try await member(v, "L1", "区领导", in: c.community, cadre: true)
            let office = caller(.campaignOffice, on: c.city)
            // A member who is no leading cadre cannot be given a contact point.
            await #expect(throws: VanguardError.self) {
                try await v.leaderComments.addContact(organizationID: c.village2.id, memberNo: "A1", relation: .contactPoint, as: office)
            }
            try await v.leaderComments.addContact(organizationID: c.village2.id, memberNo: "L1", relation: .contactPoint, as: office)

            let s = memberCaller(secretary, on: c.village1)
            #expect(try await v.leaderComments.duties(period: Self.h2, as: s).map(\.subjectName).sorted() == ["乙", "甲"])
            _ = try await v.leaderComments.comment(period: Self.h2, organizationID: c.village1.id, memberID: a.id, Self.text, as: s)
            // Writing again revises the one comment instead of adding a second.
            var revised = Self.text
            revised.problems = "学习记录不全"
            _ = try await v.leaderComments.comment(period: Self.h2, organizationID: c.village1.id, memberID: a.id, revised, as: s)
            let onA = try await v.leaderComments.comments(organizationID: c.village1.id, memberID: a.id, as: office)
            #expect(onA.count == 1 && onA[0].draft.problems == "学习记录不全" && onA[0].relation == .branchSecretary && onA[0].subjectName == "甲")
            // An ordinary member comments on nobody; the secretary not on herself; the future is not commented.
            do {
                _ = try await v.leaderComments.comment(
                    period: Self.h2, organizationID: c.village1.id, memberID: b.id, Self.text, as: memberCaller(a, on: c.village1))
                Issue.record("a member commented on another member")
            } catch let e as VanguardError { #expect(e.kind == .forbidden) }
            await #expect(throws: VanguardError.self) {
                _ = try await v.leaderComments.comment(period: Self.h2, organizationID: c.village1.id, memberID: secretary.id, Self.text, as: s)
            }
            await #expect(throws: VanguardError.self) {
                _ = try await v.leaderComments.comment(period: HalfYear(year: 2027, half: 1)!, organizationID: c.village1.id, memberID: b.id, Self.text, as: s)
            }
            // Empty parts are refused, naming the part.
            do {
                _ = try await v.leaderComments.comment(
                    period: Self.h2, organizationID: c.village1.id, memberID: b.id, .init(achievements: " ", problems: "x", direction: "y", grade: .qualified),
                    as: s)
                Issue.record("an empty comment was taken")
            } catch let e as VanguardError { #expect(e.field == "achievements") }

            // The town's leadership comments on the villages under it; the cadre on her contact point.
            let t = memberCaller(townLeader, on: c.town)
            #expect(try await v.leaderComments.duties(period: Self.h2, as: t).map(\.subjectName) == ["桃花村党支部", "李庄村党支部"])
            _ = try await v.leaderComments.comment(period: Self.h2, organizationID: c.village1.id, memberID: nil, Self.text, as: t)
            let l = memberCaller(cadre, on: c.community)
            let cadreDuties = try await v.leaderComments.duties(period: Self.h2, as: l)
            #expect(cadreDuties.map(\.relation) == [.contactPoint] && cadreDuties[0].comment == nil)
            _ = try await v.leaderComments.comment(period: Self.h2, organizationID: c.village2.id, memberID: nil, Self.text, as: l)
            #expect(try await v.leaderComments.duties(period: Self.h2, as: l)[0].comment?.draft.grade == .excellent)

            // The office's view of the town's subtree: members 1 of 2 (the secretary is not her own subject), organizations 1 of 3, contact points 1 of 1.
            let (rows, outstanding) = try await v.leaderComments.progress(organizationID: c.town.id, period: Self.h2, as: office)
            let byRelation = Dictionary(uniqueKeysWithValues: rows.map { ($0.relation, $0) })
            #expect(byRelation[.branchSecretary]?.expected == 2 && byRelation[.branchSecretary]?.done == 1)
            #expect(byRelation[.leadership]?.expected == 3 && byRelation[.leadership]?.done == 1 && byRelation[.leadership]?.progress == .due)
            #expect(byRelation[.contactPoint]?.expected == 1 && byRelation[.contactPoint]?.progress == .done)
            #expect(outstanding.filter { $0.relation == .branchSecretary }.map(\.subjectName) == ["乙"])
            #expect(outstanding.contains { $0.relation == .leadership && $0.subjectName == "李庄村党支部" && $0.commenterName == "中共桃花镇委员会班子成员" })
            // The first half year ended in June: what was not written then is late.
            let h1 = try await v.leaderComments.progress(organizationID: c.town.id, period: HalfYear(year: 2026, half: 1)!, as: office)
            #expect(h1.rows.first { $0.relation == .branchSecretary }?.progress == .late)

            // The determination takes the year's comment grade into its proposal.
            let proposal = try await v.determinations.propose(
                organizationID: c.village1.id, memberID: a.id, year: 2026, as: caller(.branchSecretary, on: c.village1))
            #expect(proposal.commentGrade == .excellent)
            // She made no commitment: no grade is proposed from the comment alone (issue 11).
            #expect(proposal.proposedGrade == nil && proposal.missing.count == 2)
        }
    }
}
