import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardAPI
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("通知公告页面与接口")
struct AnnouncementPagesTests {
    /// A multipart form as a browser sends it: the token first, then the fields, then the files.
    static func multipart(_ s: Session, fields: [(String, String)], files: [(name: String, bytes: [UInt8])]) -> (HTTPFields, ByteBuffer) {
        let boundary = "----announcement-test"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(s.csrf)\r\n")
        for (k, v) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n") }
        for f in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(f.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(f.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return ([.cookie: s.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body)
    }

    @Test("市委在网页上向指定的村发通知并附PDF；村支部书记在工作台看到待签收，打开通知下载附件并签收；市委看到签收人和未签收名单；坏附件和范围外的组织被拒并说明原因；书记无权以市委名义发（读表单之前就拒绝）；接口同样可用")
    func sendOnTheWebAndSign() async throws {
        try await withServer { client, v, city in
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            let box = "/organizations/\(city.city.id)/announcements"
            #expect(try await SupportPagesTests.page(client, admin, box).html.contains("announcement-form"))
            #expect(try await SupportPagesTests.page(client, admin, "/organizations/\(city.city.id)").html.contains("announcements-link"))
            let pdf = Array("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".utf8)

            // Refusals name what is wrong and write nothing.
            let (h1, b1) = Self.multipart(admin, fields: [("title", "通知"), ("body", "正文"), ("audience", "chosen"), ("codes", "S1\nNOPE")], files: [])
            let unknown = try await client.execute(uri: box, method: .post, headers: h1, body: b1)
            #expect(unknown.status == .badRequest && String(buffer: unknown.body).contains("NOPE"))
            let (h2, b2) = Self.multipart(
                admin, fields: [("title", "通知"), ("body", "正文"), ("audience", "subtree")], files: [("病毒.exe", Array("MZ\u{0}\u{0}".utf8))])
            let badFile = try await client.execute(uri: box, method: .post, headers: h2, body: b2)
            #expect(badFile.status == .badRequest && String(buffer: badFile.body).contains("病毒.exe"))
            let (h3, b3) = Self.multipart(secretary, fields: [("title", "通知"), ("body", "正文"), ("audience", "subtree")], files: [])
            #expect(try await client.execute(uri: box, method: .post, headers: h3, body: b3).status == .notFound)
            #expect(try await v.announcements.box(organizationID: city.city.id, as: .system()).sent?.isEmpty == true)

            let (h, b) = Self.multipart(
                admin,
                fields: [
                    ("title", "关于报送年度总结的通知"), ("body", "请于12月25日前报送。\n附件请按格式填写。"), ("audience", "chosen"), ("organizations[]", "\(city.village1.id)"),
                    ("codes", "V2"),
                ],
                files: [("总结格式.pdf", pdf)])
            let sent = try await client.execute(uri: box, method: .post, headers: h, body: b)
            #expect(sent.status == .seeOther)
            let url = try #require(sent.headers[.location])

            // The secretary: a to-do on her workbench, the notice with its file, and the receipt.
            let home = try await SupportPagesTests.page(client, secretary, "/")
            #expect(home.html.contains("/organizations/\(city.village1.id)/announcements?unsigned=1"))
            let inbox = try await SupportPagesTests.page(client, secretary, "/organizations/\(city.village1.id)/announcements?unsigned=1")
            #expect(inbox.html.contains("关于报送年度总结的通知") && inbox.html.contains(">1<"))
            let page = try await SupportPagesTests.page(client, secretary, url)
            #expect(page.html.contains("sign-form") && page.html.contains("总结格式.pdf") && !page.html.contains("id=\"tally\""))
            let fileURL = try #require(page.html.firstMatch(of: /href="(\/announcement-files\/\d+)"/)?.1)
            let file = try await client.execute(uri: String(fileURL), method: .get, headers: secretary.headers)
            #expect(file.status == .ok && Array(buffer: file.body) == pdf && file.headers[.contentType] == "application/pdf")
            #expect(
                try await SupportPagesTests.post(client, secretary, url + "/receipt", [("organization", "\(city.village2.id)")]).status == .badRequest)
            #expect(try await SupportPagesTests.post(client, secretary, url + "/receipt", [("organization", "\(city.village1.id)")]).status == .seeOther)
            #expect(!(try await SupportPagesTests.page(client, secretary, url).html.contains("sign-form")))

            // The office: who signed and who has not.
            let office = try await SupportPagesTests.page(client, admin, url)
            #expect(office.html.contains("id=\"signed-count\">1<") && office.html.contains("id=\"recipient-count\">2<") && office.html.contains("李庄村党支部"))

            // The API.
            let bearer = try await apiToken(client, "secretary", "Peach-vil-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(bearer)", .contentType: "application/json"]
            let list =
                try json(
                    try await client.execute(uri: "/api/v1/organizations/\(city.village1.id)/announcements", method: .get, headers: auth)) as? [String: Any]
            #expect(list?["unsigned"] as? Int == 0 && (list?["received"] as? [[String: Any]])?.first?["signedBy"] as? String == "secretary")
            let officeToken = try await apiToken(client, "admin", "Office-key-2026")
            let officeAuth: HTTPFields = [.authorization: "Bearer \(officeToken)", .contentType: "application/json"]
            let created = try await client.execute(
                uri: "/api/v1/organizations/\(city.city.id)/announcements", method: .post, headers: officeAuth,
                body: ByteBuffer(string: #"{"title":"冬训通知","body":"请组织冬训。","audience":"children"}"#))
            #expect(created.status == .created)
            let newID = try #require((try json(created) as? [String: Any])?["id"] as? Int)
            let detail = try json(try await client.execute(uri: "/api/v1/announcements/\(newID)", method: .get, headers: officeAuth)) as? [String: Any]
            #expect((detail?["tally"] as? [String: Any])?["recipients"] as? Int == 2)
            #expect(try await client.execute(uri: "/api/v1/announcements/\(newID)", method: .get, headers: auth).status == .notFound)
            let signed = try await client.execute(
                uri: "/api/v1/announcements/\(newID)/receipt", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"organizationId":\#(city.village1.id)}"#))
            #expect(signed.status == .notFound)  // addressed to the districts, not to her village
        }
    }
}
