import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@testable import VanguardServer

/// 表单令牌: one middleware checks the CSRF token of every state-changing web form, so a route added
/// tomorrow is covered without remembering it; a forged form is refused before anything is written.
@Suite("表单令牌：每个改数据的网页路由都由中间件查令牌")
struct FormTokenTests {
    @Test(
        "以办公室身份向每个已登记的改数据网页路由提交没有令牌和令牌错误的表单（上传用 multipart）：一律403，没有打开写事务；只有登录、投票和对公示提出异议三条路由例外（各自查双提交 Cookie 或一次性码）；带上令牌的表单照常生效"
    )
    func everyFormNeedsTheToken() async throws {
        try await TestDatabase.sqlite.withVanguard { base in
            // given the small city served over a database that counts write transactions, and a logged-in office clerk
            let counting = WriteCountingBackend(base.backend)
            let v = Vanguard(backend: counting, time: base.time)
            let city = try await SmallCity.make(v)
            // The clerk is also on the district's staff, so she writes the district's report.
            _ = try await v.accounts.createUser(
                username: "admin", displayName: "管理员", password: "Office-key-2026",
                grants: [(.campaignOffice, city.city.id), (.committeeStaff, city.district.id)], as: .system())
            // The objects behind the upload routes exist and she may add to them, so each reaches the token
            // check (an upload is refused for want of permission before its body is read).
            _ = try await v.workReports.issue(
                organizationID: city.city.id, year: 2026, period: .secondHalf, audience: .subtree, due: CalendarDay(year: 2026, month: 12, day: 20)!,
                requirements: nil, as: .system())
            let report = try #require(
                try await v.workReports.desk(organizationID: city.district.id, year: 2026, period: .secondHalf, as: .system()).own.first)
            let round = try await v.commendations.open(
                organizationID: city.city.id, year: 2026, level: .city, name: "表彰", decideBy: CalendarDay(year: 2026, month: 12, day: 20)!,
                noticeDays: 5, as: .system())
            try await v.commendations.setQuota(roundID: round.id, title: "advanced_organization", organizationID: city.city.id, quota: 5, as: .system())
            try await v.commendations.setEligibility(roundID: round.id, title: "advanced_organization", rules: [], as: .system())
            let nomination = try await v.nominations.nominate(
                roundID: round.id, title: "advanced_organization", nominatorID: city.town.id, organizationID: city.village1.id, memberID: nil,
                deeds: "带领村民致富", summary: "带领村民致富", as: .system())
            let ids = ["/work-reports/{id}": report.id, "/nomination-deeds/{id}": nomination.id]
            let configuration = AppConfiguration(databaseURL: "unused", ballotWaitSeconds: 0)
            let routes = try await buildRouter(vanguard: v, configuration: configuration).routes
                .filter { $0.method != .get && $0.method != .head && !$0.path.description.hasPrefix("/api/") }
                .map { ($0.method, $0.path.description) }
            let app = try await buildApplication(configuration, vanguard: v)
            try await app.test(.router) { client in
                let s = try await logIn(client, "admin", "Office-key-2026")
                var notRefused: Set<String> = []
                var writers: [String] = []
                // when each state-changing route gets a form without the token, and one with a wrong token
                for (method, pattern) in routes {
                    let uri = pattern.replacing(/\{[^}\/]+\}|:[^\/]+/, with: "\(ids[pattern] ?? city.village1.id)")
                    let upload = RequestLimits.isUpload(method, uri)
                    for token in ["", "forged-\(s.csrf.prefix(8))"] {
                        let before = counting.writes
                        let response: TestResponse
                        if upload {
                            let boundary = "----form-token-test"
                            var parts = token.isEmpty ? "" : "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(token)\r\n"
                            parts += "--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\norganizations\r\n"
                            parts +=
                                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n名称,编码\r\n"
                            parts += "--\(boundary)--\r\n"
                            response = try await client.execute(
                                uri: uri, method: method, headers: [.cookie: s.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                                body: ByteBuffer(string: parts))
                        } else {
                            let form = (token.isEmpty ? "" : "csrf=\(token)&") + "name=x&reason=x&text=x&title=x&count=1"
                            response = try await client.execute(uri: uri, method: method, headers: s.formHeaders, body: ByteBuffer(string: form))
                        }
                        // Refused by the token check itself (a handler's own 403 would hide a lost check).
                        if response.status != .forbidden || !String(buffer: response.body).contains("表单已过期") { notRefused.insert(pattern) }
                        if counting.writes != before { writers.append("\(method) \(uri) token=\(token.isEmpty ? "none" : "wrong")") }
                    }
                }
                // then every one is refused without a write, except the three routes that have no session by design
                // (login and an objection to a public notice check a double-submit cookie of their own)
                #expect(routes.count > 30, "\(routes.count) state-changing web routes")
                #expect(
                    notRefused == ["/login", "/v/{code}", "/public/nominations/{id}/objections"], "routes that took a forged form: \(notRefused.sorted())")
                #expect(writers.isEmpty, "forged forms that opened a write transaction: \(writers)")
                // and the same form with the session's token goes through
                let ok = try await client.execute(
                    uri: "/organizations/\(city.town.id)/create", method: .post, headers: s.formHeaders,
                    body: ByteBuffer(string: "csrf=\(s.csrf)&name=%E6%96%B0%E6%94%AF%E9%83%A8&code=NEWB&kind=branch&sector=village"))
                #expect(ok.status == .seeOther)
                #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 3)
            }
        }
    }

    @Test("上传表单的令牌须是第一项：令牌排在文件之后也被拒绝，文件一个字节都不解析")
    func uploadTokenComesFirst() async throws {
        try await withServer { client, v, city in
            let s = try await logIn(client, "admin", "Office-key-2026")
            let boundary = "----late-token"
            let body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\norganizations\r\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n组织编码,组织名称,组织类别,所属领域,上级组织编码\nNEWC,新支部,党支部,村,\(city.town.code)\n"
                + "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(s.csrf)\r\n--\(boundary)--\r\n"
            let late = try await client.execute(
                uri: "/import", method: .post, headers: [.cookie: s.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                body: ByteBuffer(string: body))
            #expect(late.status == .forbidden)
            #expect(String(buffer: late.body).contains("表单已过期"))
            #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 2)
        }
    }

    @Test("没有会话的表单提交被送去登录，不写数据；multipart 的边界参数照规范解析")
    func noSessionGoesToLogin() async throws {
        try await withServer { client, v, city in
            let r = try await client.execute(
                uri: "/organizations/\(city.town.id)/create", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=x&name=%E6%96%B0&code=NEWB&kind=branch&sector=village"))
            #expect(r.status == .seeOther && r.headers[.location]?.hasPrefix("/login") == true)
            #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 2)
        }
        #expect(MultipartForm.boundary("multipart/form-data; boundary=abc; charset=utf-8") == "abc")
        #expect(MultipartForm.boundary("multipart/form-data;Boundary=\"a b\"") == "a b")
        #expect(MultipartForm.boundary("multipart/form-data") == nil && MultipartForm.boundary("text/plain; boundary=x") == nil)
        let head = ByteBuffer(string: "--b\r\nContent-Disposition: form-data;name=csrf\r\n\r\ntok\r\n--b")
        #expect(CSRFMiddleware.firstPart(head, boundary: "b") == .token("tok"))
        let other = ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"csrfx\"\r\n\r\ntok\r\n--b")
        #expect(CSRFMiddleware.firstPart(other, boundary: "b") == .other)
    }
}
