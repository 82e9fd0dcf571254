import Foundation
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("通知公告：发给下级、附件、签收与未签收名单（SQLite 与 PostgreSQL）")
struct AnnouncementStoreTests {
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)

    @Test("市委向全部下级组织发通知并附文件；各组织负责人签收本组织（重复签收不重复计）；党员能看不能签；市委看到签收情况和未签收名单；工作台的待签收随之减少", arguments: TestDatabase.enabled)
    func subtreeNoticeSignedOrganizationByOrganization(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city, name: "office")
            let secretary = caller(.branchSecretary, on: c.village1, name: "secretary")
            let district = caller(.committeeStaff, on: c.district, name: "district")
            let m = try await v.members.create(sampleMember("M001", name: "甲"), organizationID: c.village1.id, as: .system())
            let member = memberCaller(m, on: c.village1)
            let id = try await v.announcements.send(
                organizationID: c.city.id, title: "关于开展年度创先争优总结的通知", body: "各党组织：\n请于12月20日前报送总结。", audience: .subtree, chosen: [],
                files: [EvidenceUpload(name: "附件.png", bytes: Self.png)], as: office)

            var box = try await v.announcements.box(organizationID: c.village1.id, as: secretary)
            #expect(box.received.map(\.announcement.id) == [id] && box.unsigned == 1 && box.maySign && box.sent == nil)
            #expect(try await v.workbench.workbench(as: secretary).scopes.first?.unsignedAnnouncements == 1)
            let detail = try await v.announcements.detail(id, as: secretary)
            #expect(detail.mine.map(\.organization.id) == [c.village1.id] && detail.mine.first?.maySign == true && detail.tally == nil)
            let (file, bytes) = try await v.announcements.file(try #require(detail.files.first).id, as: secretary)
            #expect(file.contentType == "image/png" && bytes == Self.png)

            try await v.announcements.sign(id, organizationID: c.village1.id, as: secretary)
            try await v.announcements.sign(id, organizationID: c.village1.id, as: secretary)
            box = try await v.announcements.box(organizationID: c.village1.id, as: secretary)
            #expect(box.unsigned == 0 && box.received.first?.receipt?.signedBy == "secretary")
            #expect(try await v.workbench.workbench(as: secretary).scopes.first?.unsignedAnnouncements == 0)
            #expect(try await v.announcements.box(organizationID: c.village1.id, unsignedOnly: true, as: secretary).received.isEmpty)

            // The member reads it but does not sign; the district signs for itself, not for a branch below it; the sender signs for nobody.
            #expect(try await v.announcements.detail(id, as: member).mine.first?.maySign == false)
            #expect(await refusal { try await v.announcements.sign(id, organizationID: c.village1.id, as: member) } == .forbidden)
            #expect(await refusal { try await v.announcements.sign(id, organizationID: c.village2.id, as: district) } == .invalid)
            #expect(await refusal { try await v.announcements.sign(id, organizationID: c.city.id, as: office) } == .invalid)
            try await v.announcements.sign(id, organizationID: c.district.id, as: district)

            let tally = try #require(try await v.announcements.detail(id, as: office).tally)
            #expect(tally.recipients == 6 && tally.signed == 2)
            #expect(Set(tally.receipts.map(\.organizationID)) == [c.village1.id, c.district.id])
            #expect(Set(tally.unsigned.map(\.id)) == [c.town.id, c.village2.id, c.otherDistrict.id, c.community.id])
            #expect(try await v.announcements.box(organizationID: c.city.id, as: office).sent?.first?.signed == 2)
            // The district reads the city's notice as an addressee, not its receipts.
            #expect(try await v.announcements.detail(id, as: district).tally == nil)
        }
    }

    @Test("区委向指定组织或直属下级发通知：范围外、本级和超量的指定被拒；未被发到的组织看不到通知和附件；支部无下级可发、党员无权发；一个坏附件整份不存", arguments: TestDatabase.enabled)
    func chosenAndChildrenAudiences(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let district = caller(.committeeStaff, on: c.district, name: "district")
            let v1 = caller(.branchSecretary, on: c.village1, name: "v1")
            let v2 = caller(.branchSecretary, on: c.village2, name: "v2")
            let town = caller(.committeeStaff, on: c.town, name: "town")
            func send(_ audience: AnnouncementAudience, _ chosen: [Int64], as who: Caller, files: [EvidenceUpload] = []) async throws -> Int64 {
                try await v.announcements.send(
                    organizationID: who.scope.grants[0].organizationID, title: "通知", body: "正文", audience: audience, chosen: chosen, files: files, as: who)
            }
            #expect(await refusal { _ = try await send(.chosen, [c.community.id], as: district) } == .invalid)
            #expect(await refusal { _ = try await send(.chosen, [c.district.id], as: district) } == .invalid)
            #expect(await refusal { _ = try await send(.chosen, [], as: district) } == .invalid)
            #expect(await refusal { _ = try await send(.chosen, Array(1...201).map { Int64($0) }, as: district) } == .invalid)
            #expect(await refusal { _ = try await send(.subtree, [], as: v1) } == .invalid)
            #expect(await refusal { _ = try await send(.subtree, [], as: caller(.member, on: c.district)) } == .forbidden)
            #expect(
                await refusal { _ = try await send(.subtree, [], as: district, files: [EvidenceUpload(name: "a.exe", bytes: Array("MZ....".utf8))]) }
                    == .invalid)
            #expect(try await v.announcements.box(organizationID: c.district.id, as: district).sent?.isEmpty == true)

            let chosen = try await send(.chosen, [c.village1.id, c.village1.id], as: district)
            let children = try await send(.children, [], as: district)
            #expect(try await v.announcements.box(organizationID: c.village1.id, as: v1).received.map(\.announcement.id) == [chosen])
            #expect(try await v.announcements.box(organizationID: c.village2.id, as: v2).received.isEmpty)
            #expect(await refusal { _ = try await v.announcements.detail(chosen, as: v2) } == .notFound)
            // The town above the chosen village reads it (its village's list shows it) but signs for nobody.
            #expect(try await v.announcements.detail(chosen, as: town).mine.isEmpty)
            #expect(await refusal { _ = try await v.announcements.detail(children, as: v1) } == .notFound)
            #expect(try await v.announcements.box(organizationID: c.town.id, as: town).received.map(\.announcement.id) == [children])
            #expect(try await v.announcements.detail(chosen, as: district).tally?.recipients == 1)
            #expect(try await v.announcements.detail(children, as: district).tally?.unsigned.map(\.id) == [c.town.id])
        }
    }
}
