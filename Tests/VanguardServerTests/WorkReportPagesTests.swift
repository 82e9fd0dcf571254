import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardAPI
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("进展情况报告页面与接口")
struct WorkReportPagesTests {
    @Test("市委在网页上布置下半年进展情况报告；村支部书记从工作台打开待报送，填写、附PDF、报送；市委退回（理由必填），书记看到理由后改好再报，市委审阅通过；错误的类别、日期和无权的布置被拒并说明原因；接口同样可用")
    func issueWriteReturnAndAccept() async throws {
        try await withServer { client, v, city in
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            let desk = "/organizations/\(city.city.id)/work-reports"
            #expect(try await SupportPagesTests.page(client, admin, desk).html.contains("issue-form"))
            #expect(try await SupportPagesTests.page(client, admin, "/organizations/\(city.city.id)").html.contains("work-reports-link"))

            // Refusals name what is wrong and write nothing.
            let bad = try await SupportPagesTests.post(
                client, admin, desk, [("year", "2026"), ("period", "h3"), ("audience", "subtree"), ("dueOn", "2026-12-20")])
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("报告类别"))
            let badDay = try await SupportPagesTests.post(
                client, admin, desk, [("year", "2026"), ("period", "h2"), ("audience", "subtree"), ("dueOn", "2026-13-01")])
            #expect(badDay.status == .badRequest && String(buffer: badDay.body).contains("截止日期"))
            #expect(
                try await SupportPagesTests.post(
                    client, secretary, desk, [("year", "2026"), ("period", "h2"), ("audience", "subtree"), ("dueOn", "2026-12-20")]
                ).status == .notFound)
            #expect(try await SupportPagesTests.page(client, admin, desk + "?period=h3").status == .badRequest)
            #expect(try await SupportPagesTests.page(client, admin, desk + "?list=all").status == .badRequest)

            let issued = try await SupportPagesTests.post(
                client, admin, desk, [("year", "2026"), ("period", "h2"), ("audience", "subtree"), ("dueOn", "2026-12-20"), ("requirements", "请附照片")])
            #expect(issued.status == .seeOther)
            let cityDesk = try await SupportPagesTests.page(client, admin, desk + "?year=2026&period=h2")
            #expect(cityDesk.html.contains("id=\"due-count\">6<") && cityDesk.html.contains("id=\"received-count\">0<"))

            // The secretary: the to-do, the list it opens, the report with its form.
            let home = try await SupportPagesTests.page(client, secretary, "/")
            #expect(home.html.contains("/organizations/\(city.village1.id)/work-reports?list=open"))
            let open = try await SupportPagesTests.page(client, secretary, "/organizations/\(city.village1.id)/work-reports?list=open")
            #expect(open.html.contains("id=\"reports-total\">1<"))
            let reportURL = String(try #require(open.html.firstMatch(of: /href="(\/work-reports\/\d+)"/)?.1))
            let page = try await SupportPagesTests.page(client, secretary, reportURL)
            #expect(page.html.contains("write-form") && page.html.contains("请附照片") && !page.html.contains("review-form"))

            let pdf = Array("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".utf8)
            let fields = [("done", "全村党员公开承诺"), ("problems", "个别承诺不具体"), ("plans", "年底前逐项兑现")]
            let (h0, b0) = AnnouncementPagesTests.multipart(secretary, fields: [("done", "只写了一部分"), ("action", "submit")], files: [])
            let incomplete = try await client.execute(uri: reportURL, method: .post, headers: h0, body: b0)
            #expect(incomplete.status == .badRequest && String(buffer: incomplete.body).contains("存在的问题"))
            let (h1, b1) = AnnouncementPagesTests.multipart(secretary, fields: fields + [("action", "submit")], files: [("照片说明.pdf", pdf)])
            #expect(try await client.execute(uri: reportURL, method: .post, headers: h1, body: b1).status == .seeOther)
            let submitted = try await SupportPagesTests.page(client, secretary, reportURL)
            #expect(submitted.html.contains("待审阅") && submitted.html.contains("照片说明.pdf") && !submitted.html.contains("write-form"))

            // The office reviews (the town has no account; the office reviews anywhere in its subtree).
            let review = try await SupportPagesTests.page(client, admin, reportURL)
            #expect(review.html.contains("review-form") && review.html.contains("全村党员公开承诺"))
            let noReason = try await SupportPagesTests.post(client, admin, reportURL + "/review", [("decision", "return"), ("reason", "")])
            #expect(noReason.status == .badRequest && String(buffer: noReason.body).contains("退回理由"))
            #expect(
                try await SupportPagesTests.post(client, admin, reportURL + "/review", [("decision", "return"), ("reason", "请补充兑现数字")]).status
                    == .seeOther)
            let returned = try await SupportPagesTests.page(client, secretary, reportURL)
            #expect(returned.html.contains("return-reason") && returned.html.contains("请补充兑现数字") && returned.html.contains("write-form"))
            let (h2, b2) = AnnouncementPagesTests.multipart(secretary, fields: fields + [("action", "submit")], files: [])
            #expect(try await client.execute(uri: reportURL, method: .post, headers: h2, body: b2).status == .seeOther)
            #expect(try await SupportPagesTests.post(client, secretary, reportURL + "/review", [("decision", "accept")]).status == .forbidden)
            #expect(try await SupportPagesTests.post(client, admin, reportURL + "/review", [("decision", "accept")]).status == .seeOther)
            #expect(try await SupportPagesTests.page(client, admin, desk + "?year=2026&period=h2").html.contains("id=\"accepted-count\">1<"))

            // The API.
            let bearer = try await apiToken(client, "secretary", "Peach-vil-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(bearer)", .contentType: "application/json"]
            let id = String(reportURL.split(separator: "/").last!)
            let report = try json(try await client.execute(uri: "/api/v1/work-reports/\(id)", method: .get, headers: auth)) as? [String: Any]
            #expect(report?["state"] as? String == "accepted" && (report?["figures"] as? [String: Any])?["members"] != nil)
            let again = try await client.execute(
                uri: "/api/v1/work-reports/\(id)", method: .put, headers: auth,
                body: ByteBuffer(string: #"{"done":"a","problems":"b","plans":"c","submit":true}"#))
            #expect(again.status == .conflict)
            let officeToken = try await apiToken(client, "admin", "Office-key-2026")
            let officeAuth: HTTPFields = [.authorization: "Bearer \(officeToken)", .contentType: "application/json"]
            let deskJSON =
                try json(
                    try await client.execute(uri: "/api/v1/organizations/\(city.city.id)/work-reports?year=2026&period=h2", method: .get, headers: officeAuth))
                as? [String: Any]
            #expect(((deskJSON?["review"] as? [String: Any])?["total"] as? [String: Any])?["accepted"] as? Int == 1)
            let call = try await client.execute(
                uri: "/api/v1/organizations/\(city.city.id)/report-calls", method: .post, headers: officeAuth,
                body: ByteBuffer(string: #"{"year":2026,"period":"annual","audience":"children","dueOn":"2027-01-20"}"#))
            let made = try json(call) as? [String: Any]
            #expect(call.status == .created && made?["reports"] as? Int == 2)
            let badCall = try await client.execute(
                uri: "/api/v1/organizations/\(city.city.id)/report-calls", method: .post, headers: officeAuth,
                body: ByteBuffer(string: #"{"year":2026,"period":"h1","audience":"children","dueOn":"someday"}"#))
            #expect(badCall.status == .badRequest)
            #expect(try await client.execute(uri: "/api/v1/work-reports/\(id)", method: .get, headers: [.authorization: "Bearer nope"]).status == .unauthorized)
            // An id past 2⁶³ is a bad parameter, not a bad body.
            let huge = try await client.execute(uri: "/api/v1/work-reports/99999999999999999999", method: .get, headers: auth)
            #expect(huge.status == .badRequest && String(buffer: huge.body).contains("路径或查询参数"), "\(String(buffer: huge.body))")
            _ = v
        }
    }
}
