import Foundation
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("典型宣传：编写、发布到公开页面、撤下（SQLite 与 PostgreSQL）")
struct ExemplarStoreTests {
    static let png: [UInt8] = DemoExemplars.photo

    @Test("活动办公室编写党员典型并配照片；草稿和撤下的典型及其照片公众看不到，发布后出现在公开页面；非照片、范围外的党员和无权的人被拒", arguments: TestDatabase.enabled)
    func officeWritesPublishesAndWithdraws(_ database: TestDatabase) async throws {
        try await database.withVanguard { v in
            let c = try await SmallCity.make(v)
            let office = caller(.campaignOffice, on: c.city, name: "office")
            let staff = caller(.committeeStaff, on: c.district, name: "staff")
            let westOffice = caller(.campaignOffice, on: c.otherDistrict, name: "west")
            let secretary = caller(.branchSecretary, on: c.village1, name: "secretary")
            _ = try await v.members.create(sampleMember("M001", name: "甲"), organizationID: c.village1.id, as: .system())
            func write(_ who: Caller, at org: OrganizationRecord, member: String? = "M001", code: String? = nil, photos: [EvidenceUpload]) async throws -> Int64
            {
                try await v.exemplars.create(
                    organizationID: org.id, subjectCode: code, memberNo: member, source: .commendation, title: "甲：带头种茶致富",
                    story: "甲同志带领村民种茶致富。\n群众满意。", photos: photos, as: who)
            }
            let photo = [EvidenceUpload(name: "种茶.png", bytes: Self.png)]
            #expect(await refusal { _ = try await write(staff, at: c.district, photos: photo) } == .forbidden)
            #expect(await refusal { _ = try await write(westOffice, at: c.otherDistrict, photos: photo) } == .invalid)
            #expect(await refusal { _ = try await write(office, at: c.city, member: nil, code: "NOPE", photos: photo) } == .invalid)
            #expect(
                await refusal { _ = try await write(office, at: c.city, photos: [EvidenceUpload(name: "a.pdf", bytes: Array("%PDF-1.4".utf8))]) } == .invalid)
            #expect(try await v.exemplars.desk(organizationID: c.city.id, as: office).exemplars.isEmpty)

            let id = try await write(office, at: c.city, photos: photo)
            let collective = try await write(office, at: c.city, member: nil, code: "V2", photos: [])
            let desk = try await v.exemplars.desk(organizationID: c.city.id, as: office)
            #expect(desk.curates && desk.exemplars.map(\.id) == [collective, id] && desk.exemplars.allSatisfy { $0.state == .draft })
            let photoID = try #require(desk.photos[id]?.first?.id)
            #expect(try await v.exemplars.board().exemplars.isEmpty)
            #expect(await refusal { _ = try await v.exemplars.published(id) } == .notFound)
            #expect(await refusal { _ = try await v.exemplars.photo(photoID, as: nil) } == .notFound)
            #expect(try await v.exemplars.photo(photoID, as: office).bytes == Self.png)
            #expect(await refusal { _ = try await v.exemplars.setState(id, to: .published, as: staff) } == .notFound)
            #expect(await refusal { _ = try await v.exemplars.setState(id, to: .published, as: secretary) } == .notFound)

            try await v.exemplars.setState(id, to: .published, as: office)
            let board = try await v.exemplars.board()
            #expect(board.campaign?.organizationName == c.city.name && board.exemplars.map(\.id) == [id])
            #expect(board.exemplars.first?.subjectName == "甲" && board.exemplars.first?.subjectOrganizationName == c.village1.name)
            #expect(try await v.exemplars.photo(photoID, as: nil).bytes == Self.png)
            #expect(try await v.exemplars.published(id).0.story.contains("种茶"))
            #expect(await refusal { _ = try await v.exemplars.setState(id, to: .published, as: office) } == .conflict)
            #expect(await refusal { _ = try await v.exemplars.published(collective) } == .notFound)

            try await v.exemplars.setState(id, to: .withdrawn, as: office)
            #expect(try await v.exemplars.board().exemplars.isEmpty)
            #expect(await refusal { _ = try await v.exemplars.published(id) } == .notFound)
            #expect(await refusal { _ = try await v.exemplars.photo(photoID, as: nil) } == .notFound)
        }
    }
}
