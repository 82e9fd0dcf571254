import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardAPI
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("典型宣传页面与接口")
struct ExemplarPagesTests {
    @Test("活动办公室在网页上编写党员典型并上传照片，发布后公开页面不登录可看（含照片，不含电话），草稿不公开；支部书记看不到编写表单；接口的公开页面不需令牌")
    func writeOnTheWebPublishAndReadInPublic() async throws {
        try await withServer { client, v, city in
            _ = try await v.members.create(sampleMember("EX01", name: "王先锋"), organizationID: city.village1.id, as: .system())
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            let desk = "/organizations/\(city.city.id)/exemplars"
            #expect(try await SupportPagesTests.page(client, admin, desk).html.contains("exemplar-form"))
            #expect(try await SupportPagesTests.page(client, admin, "/organizations/\(city.city.id)").html.contains("exemplars-link"))
            let own = try await SupportPagesTests.page(client, secretary, "/organizations/\(city.village1.id)/exemplars")
            #expect(own.status == .ok && !own.html.contains("exemplar-form"))

            let (h0, b0) = AnnouncementPagesTests.multipart(
                admin, fields: [("member", "EX01"), ("source", "commendation"), ("title", "王先锋：带领村民种茶致富"), ("story", "三年带富一村。")],
                files: [("合影.pdf", Array("%PDF-1.4".utf8))])
            let refused = try await client.execute(uri: desk, method: .post, headers: h0, body: b0)
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("不是照片"))
            let (h, b) = AnnouncementPagesTests.multipart(
                admin, fields: [("member", "EX01"), ("source", "commendation"), ("title", "王先锋：带领村民种茶致富"), ("story", "三年带富一村。")],
                files: [("茶园.png", DemoExemplars.photo)])
            #expect(try await client.execute(uri: desk, method: .post, headers: h, body: b).status == .seeOther)
            let id = try #require(try await v.exemplars.desk(organizationID: city.city.id, as: .system()).exemplars.first?.id)
            #expect(!(try await SupportPagesTests.page(client, nil, "/public/exemplars").html.contains("王先锋")))
            #expect(try await SupportPagesTests.page(client, nil, "/public/exemplars/\(id)").status == .notFound)

            #expect(try await SupportPagesTests.post(client, secretary, "/exemplars/\(id)/publish", []).status == .notFound)
            #expect(try await SupportPagesTests.post(client, admin, "/exemplars/\(id)/publish", []).status == .seeOther)
            let board = try await SupportPagesTests.page(client, nil, "/public/exemplars")
            #expect(board.status == .ok && board.html.contains("王先锋：带领村民种茶致富") && !board.html.contains("13800138000"))
            #expect(board.html.contains("fig-members"))
            let photoURL = try #require(board.html.firstMatch(of: /src="(\/public\/exemplar-photos\/\d+)"/)?.1)
            let photo = try await client.execute(uri: String(photoURL), method: .get)
            #expect(photo.status == .ok && Array(buffer: photo.body) == DemoExemplars.photo)
            let story = try await SupportPagesTests.page(client, nil, "/public/exemplars/\(id)")
            #expect(story.status == .ok && story.html.contains("三年带富一村") && story.html.contains(city.village1.name))

            let api = try json(try await client.execute(uri: "/api/v1/public/exemplars", method: .get)) as? [String: Any]
            #expect((api?["exemplars"] as? [[String: Any]])?.first?["subjectName"] as? String == "王先锋")
            #expect(try await SupportPagesTests.post(client, admin, "/exemplars/\(id)/withdraw", []).status == .seeOther)
            #expect(try await client.execute(uri: String(photoURL), method: .get).status == .notFound)
        }
    }
}
