import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@testable import VanguardServer

/// Issue 11, findings 1, 3 and 7: uploads parsed only for those who may import, bodies limited by
/// route before anything else, and the headers that confine pages in the browser.
@Suite("恶意请求")
struct HostileRequestTests {
    static let hostile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../VanguardSheetsTests/Fixtures/hostile").standardized

    static func fixture(_ name: String) throws -> ByteBuffer { ByteBuffer(data: try Data(contentsOf: hostile.appendingPathComponent(name))) }

    func addMember(_ v: Vanguard, _ city: SmallCity) async throws {
        _ = try await v.accounts.createUser(
            username: "member", displayName: "普通党员", password: "Party-mbr-2026", grants: [(.member, city.village1.id)], as: .system())
    }

    @Test("无导入权限的账号上传的文件不被解析：接口和页面都是 403")
    func uploadsNeedPermissionFirst() async throws {
        try await withServer { client, v, city in
            try await addMember(v, city)
            let token = try await apiToken(client, "member", "Party-mbr-2026")
            // The 247-byte file that once killed the process: for a member it is never read.
            let api = try await client.execute(
                uri: "/api/v1/import/members", method: .post,
                headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"], body: try Self.fixture("column-overflow.xlsx"))
            #expect(api.status == .forbidden)
            let session = try await logIn(client, "member", "Party-mbr-2026")
            let web = try await client.execute(
                uri: "/import", method: .post,
                headers: [.cookie: session.cookie, .contentType: "multipart/form-data; boundary=x"], body: ByteBuffer(string: "--x\r\ngarbage"))
            #expect(web.status == .forbidden)
            // The office may import: the same file is read, and refused with the reason.
            let admin = try await apiToken(client, "admin", "Office-key-2026")
            let refused = try await client.execute(
                uri: "/api/v1/import/organizations", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/octet-stream"], body: try Self.fixture("column-overflow.xlsx"))
            #expect(refused.status == .contentTooLarge)
            #expect(String(buffer: refused.body).contains("16384列"))
            let bomb = try await client.execute(
                uri: "/api/v1/import/organizations", method: .post,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/octet-stream"], body: try Self.fixture("zip-bomb.xlsx"))
            #expect(bomb.status == .contentTooLarge)
            #expect(String(buffer: bomb.body).contains("解压后超过100MB"))
        }
    }

    @Test("超过 1MB 的 JSON 与表单在登录前即得到 413，而不是 500")
    func bodyLimits() async throws {
        try await withServer { client, _, _ in
            let big = ByteBuffer(string: #"{"username":"admin","password":""# + String(repeating: "x", count: 2 * 1024 * 1024) + #""}"#)
            let token = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"], body: big)
            #expect(token.status == .contentTooLarge)
            #expect(String(buffer: token.body).contains("1MB"))
            // Without a length announced, the body is cut off while it streams: still 413.
            var chunked = HTTPFields()
            chunked[.contentType] = "application/json"
            chunked[.transferEncoding] = "chunked"
            let streamed = try await client.execute(uri: "/api/v1/auth/token", method: .post, headers: chunked, body: big)
            #expect(streamed.status == .contentTooLarge)
            let form = try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=admin&password=" + String(repeating: "x", count: 1_100_000)))
            #expect(form.status == .contentTooLarge)
            #expect(String(buffer: form.body).contains("1MB"))
            // An ordinary request is not affected.
            let ordinary = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"admin","password":"Office-key-2026"}"#))
            #expect(ordinary.status == .ok)
        }
    }

    @Test("读请求体失败时如实说明：超过上限是 413，客户端中途断开或请求体不完整是 400，我们自己的拒绝原样转出")
    func bodyReadFailuresAreNamedForWhatTheyAre() {
        let tooLarge = RequestLimits.tooLarge(RequestLimits.body)
        #expect(RequestLimits.readFailure(HTTPError(.contentTooLarge), tooLarge: tooLarge).kind == .payloadTooLarge)
        #expect(RequestLimits.readFailure(NIOTooManyBytesError(maxBytes: 1), tooLarge: tooLarge).kind == .payloadTooLarge)
        #expect(RequestLimits.readFailure(tooLarge, tooLarge: tooLarge).kind == .payloadTooLarge)
        let broken = RequestLimits.readFailure(ChannelError.ioOnClosedChannel, tooLarge: tooLarge)
        #expect(broken.kind == .invalid && broken.message.zh.contains("不完整"))
        let refused = VanguardError(.forbidden, .init("表单已过期", "The form has expired"))
        #expect(RequestLimits.readFailure(refused, tooLarge: tooLarge) == refused)
    }

    @Test("上传路由保留各自更大的上限，其余路由一律 1MB")
    func uploadRoutes() {
        #expect(RequestLimits.isUpload(.post, "/import"))
        #expect(RequestLimits.isUpload(.post, "/commitments/7/progress"))
        #expect(RequestLimits.isUpload(.post, "/api/v1/import/members"))
        #expect(RequestLimits.isUpload(.post, "/api/v1/commitments/7/progress"))
        #expect(!RequestLimits.isUpload(.get, "/import"))
        #expect(!RequestLimits.isUpload(.post, "/api/v1/auth/token"))
        #expect(!RequestLimits.isUpload(.post, "/commitments/7/submit"))
    }

    @Test("每个页面都带有 CSP、禁止嵌入、nosniff 和 Referrer-Policy")
    func securityHeaders() async throws {
        try await withServer { client, _, _ in
            for uri in ["/login", "/healthz", "/board/1", "/api/v1/me"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(uri)")
                #expect(r.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true, "\(uri)")
                #expect(r.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(r.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
            }
            // No inline script is left for the policy to block.
            let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Sources/VanguardServer/Resources/templates").standardized
            for file in try FileManager.default.contentsOfDirectory(atPath: templates.path) {
                let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
                #expect(!text.contains(" onclick=") && !text.contains("<script>"), "\(file)")
            }
        }
    }

    @Test("/metrics 只对本机或持有令牌者开放")
    func metricsGuarded() async throws {
        let forwarded = HTTPField.Name("X-Forwarded-For")!
        try await withServer(AppConfiguration(databaseURL: "unused", metricsToken: "s3cret-token")) { client, _, _ in
            let local = try await client.execute(uri: "/metrics", method: .get)
            #expect(local.status == .ok)
            // Forwarded by a proxy: someone else's request, unless it carries the operator's token.
            let proxied = try await client.execute(uri: "/metrics", method: .get, headers: [forwarded: "203.0.113.9"])
            #expect(proxied.status == .notFound)
            let wrong = try await client.execute(uri: "/metrics", method: .get, headers: [forwarded: "203.0.113.9", .authorization: "Bearer other-token"])
            #expect(wrong.status == .notFound)
            let right = try await client.execute(uri: "/metrics", method: .get, headers: [forwarded: "203.0.113.9", .authorization: "Bearer s3cret-token"])
            #expect(right.status == .ok)
        }
    }

    @Test("可选的请求体可以省略；枚举值错误时指出字段，不暴露解码器内部信息")
    func apiBodies() async throws {
        try await withServer { client, v, city in
            let secretary = try await apiToken(client, "secretary", "Peach-vil-2026")
            let created = try await client.execute(
                uri: "/api/v1/commitments", method: .post, headers: [.authorization: "Bearer \(secretary)", .contentType: "application/json"],
                body: ByteBuffer(
                    string:
                        #"{"organizationId": \#(city.village1.id), "kind": "annual", "year": 2026, "items": [{"content": "每月走访五户困难群众", "responsibility": "本人", "deadline": "2026-12-31", "expectedResult": "建立走访台账"}]}"#
                ))
            let id = try #require((try json(created) as? [String: Any])?["id"] as? Int)
            // No body and no content type: the spec makes the step's body optional.
            let submitted = try await client.execute(uri: "/api/v1/commitments/\(id)/submit", method: .post, headers: [.authorization: "Bearer \(secretary)"])
            #expect(submitted.status == .ok)
            let wrong = try await client.execute(
                uri: "/api/v1/commitments", method: .post, headers: [.authorization: "Bearer \(secretary)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"organizationId": \#(city.village1.id), "kind": "someday", "year": 2026, "items": []}"#))
            #expect(wrong.status == .badRequest)
            let text = String(buffer: wrong.body)
            #expect(text.contains("kind") && text.contains("字段"))
            #expect(!text.contains("CodingKeys") && !text.contains("DecodingError") && !text.contains("codingPath"))
        }
    }

    @Test("文本里的空字符（U+0000）在两种数据库上都得到 400 并说明原因，什么也不写入", arguments: TestDatabase.enabled)
    func nulCharactersInText(_ database: TestDatabase) async throws {
        try await withServer(database: database) { client, v, city in
            func commitments() async throws -> Int {
                try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM commitments").first(decodingColumn: "n", as: Int.self) ?? -1 }
            }
            let before = try await commitments()
            let secretary = try await apiToken(client, "secretary", "Peach-vil-2026")
            let api = try await client.execute(
                uri: "/api/v1/commitments", method: .post, headers: [.authorization: "Bearer \(secretary)", .contentType: "application/json"],
                body: ByteBuffer(
                    string:
                        #"{"organizationId": \#(city.village1.id), "kind": "annual", "year": 2026, "items": [{"content": "每月走访\u0000困难群众", "responsibility": "本人", "deadline": "2026-12-31", "expectedResult": "建立走访台账"}]}"#
                ))
            #expect(api.status == .badRequest)
            #expect(String(buffer: api.body).contains("U+0000"))
            let me = try await logIn(client, "secretary", "Peach-vil-2026")
            let form = try await client.execute(
                uri: "/commitments", method: .post, headers: me.formHeaders,
                body: ByteBuffer(
                    string:
                        "csrf=\(me.csrf)&kind=annual&year=2026&organizationId=\(city.village1.id)&content0=%E4%BF%AE%00&responsibility0=x&deadline0=2026-12-20&expectedResult0=y"
                ))
            #expect(form.status == .badRequest)
            #expect(String(buffer: form.body).contains("U+0000"))
            // The same form claiming to be plain text: still read, and refused, as a form.
            let plain = try await client.execute(
                uri: "/commitments", method: .post, headers: [.cookie: me.cookie, .contentType: "text/plain"],
                body: ByteBuffer(string: "csrf=\(me.csrf)&kind=annual&year=2026&organizationId=\(city.village1.id)&content0=%00"))
            #expect(plain.status == .badRequest && String(buffer: plain.body).contains("U+0000"))
            #expect(try await commitments() == before)
            // A text field of an upload form, and a query string.
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let (headers, body) = AnnouncementPagesTests.multipart(admin, fields: [("title", "通\u{0}知"), ("body", "正文"), ("audience", "subtree")], files: [])
            let upload = try await client.execute(uri: "/organizations/\(city.city.id)/announcements", method: .post, headers: headers, body: body)
            #expect(upload.status == .badRequest && String(buffer: upload.body).contains("U+0000"))
            #expect(try await v.announcements.box(organizationID: city.city.id, as: .system()).sent?.isEmpty == true)
            let search = try await client.execute(
                uri: "/api/v1/organizations/\(city.village1.id)/members?q=%E5%BC%A0%00", method: .get, headers: [.authorization: "Bearer \(secretary)"])
            #expect(search.status == .badRequest && String(buffer: search.body).contains("U+0000"))
        }
    }

    @Test("空字符的识别：JSON 的转义要看反斜杠是否成对，表单的 %00 只在表单里算数，跨块也能识别")
    func nulScan() {
        func found(_ text: String, form: Bool, chunk: Int = 3) -> Bool {
            var scan = NulScan(form: form)
            let bytes = Array(text.utf8)
            // Fed in small chunks, as a body streams in.
            return stride(from: 0, to: bytes.count, by: chunk).contains { start in
                bytes[start..<min(bytes.count, start + chunk)].contains { scan.found(after: $0) }
            }
        }
        #expect(found(#"{"a":"x\u0000y"}"#, form: false))
        #expect(found(#"{"a":"x\\\u0000y"}"#, form: false))  // an escaped backslash, then the escape
        #expect(!found(#"{"a":"x\\u0000y"}"#, form: false))  // a backslash and the text "u0000"
        #expect(!found(#"{"a":"完成率100%00后"}"#, form: false))
        #expect(found("a=1&b=%E5%00", form: true))
        #expect(found("a=%%00", form: true))
        #expect(!found("a=%2500&b=%0A", form: true))
        #expect(found("a=\u{0}", form: true) && found("{\"a\":\"\u{0}\"}", form: false))
        // Read as where the body goes says: the API's JSON as JSON, any web body as a form, files not at all.
        #expect(NulScan.of(path: "/api/v1/commitments/7/progress", contentType: "application/json")?.form == false)
        #expect(NulScan.of(path: "/api/v1/import/members", contentType: "application/octet-stream") == nil)
        #expect(NulScan.of(path: "/v/ABCD", contentType: "text/plain")?.form == true)
        #expect(NulScan.of(path: "/commitments", contentType: "Application/X-WWW-Form-Urlencoded")?.form == true)
        #expect(NulScan.of(path: "/import", contentType: "multipart/form-data; boundary=x") == nil)
    }

    @Test("网页与接口的登录失败共同计数；本人在页面上修改密码")
    func loginsAndPasswords() async throws {
        try await withServer { client, _, _ in
            let page = try await client.execute(uri: "/login", method: .get)
            let csrf = try #require(String(buffer: page.body).hiddenValue("csrf"))
            let cookie = try #require(cookieValue(page, "vanguard_login_csrf"))
            for _ in 0..<5 {
                let r = try await client.execute(
                    uri: "/login", method: .post, headers: [.cookie: "vanguard_login_csrf=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=\(csrf)&username=secretary&password=wrong"))
                #expect(r.status == .unauthorized)
            }
            let api = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"secretary","password":"Peach-vil-2026"}"#))
            #expect(api.status == .tooManyRequests)

            let s = try await logIn(client, "admin", "Office-key-2026")
            let form = try await client.execute(uri: "/account/password", method: .get, headers: s.headers)
            #expect(form.status == .ok && String(buffer: form.body).contains("password-form"))
            let weak = try await client.execute(
                uri: "/account/password", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&current=Office-key-2026&new=12345678&repeat=12345678"))
            #expect(weak.status == .badRequest && String(buffer: weak.body).contains("至少三类"))
            let changed = try await client.execute(
                uri: "/account/password", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&current=Office-key-2026&new=Tao-hua-2026&repeat=Tao-hua-2026"))
            #expect(changed.status == .ok && String(buffer: changed.body).contains("password-done"))
            // This session stays; the new password logs in.
            #expect(try await client.execute(uri: "/", method: .get, headers: s.headers).status == .ok)
            _ = try await apiToken(client, "admin", "Tao-hua-2026")
        }
    }

    @Test("范围外与不存在的对象得到同样的 404；承诺书只能打印本范围内的组织")
    func oneAnswerForMissingAndNotYours() async throws {
        try await withServer { client, v, city in
            var cadre = sampleMember("L1", name: "王领导")
            cadre.categories.leadingCadre = true
            _ = try await v.members.create(cadre, organizationID: city.village2.id, as: .system())
            try await v.leaderComments.addContact(organizationID: city.village2.id, memberNo: "L1", relation: .contactPoint, as: .system())
            let contact = try await v.leaderComments.contacts(organizationID: city.village2.id, as: .system()).first!.id
            let token = try await apiToken(client, "secretary", "Peach-vil-2026")
            let outOfScope = try await client.execute(uri: "/api/v1/leader-contacts/\(contact)", method: .delete, headers: [.authorization: "Bearer \(token)"])
            let missing = try await client.execute(uri: "/api/v1/leader-contacts/999999", method: .delete, headers: [.authorization: "Bearer \(token)"])
            #expect(outOfScope.status == .notFound && missing.status == .notFound)
            #expect(String(buffer: outOfScope.body) == String(buffer: missing.body))
            #expect(try await v.leaderComments.contacts(organizationID: city.village2.id, as: .system()).count == 1)
            let s = try await logIn(client, "secretary", "Peach-vil-2026")
            #expect(try await client.execute(uri: "/organizations/\(city.village2.id)/letters", method: .get, headers: s.headers).status == .notFound)
            #expect(try await client.execute(uri: "/organizations/\(city.village1.id)/letters", method: .get, headers: s.headers).status == .ok)
        }
    }

    @Test("会话空闲30分钟后退出；经 TLS（或代理声明 https）时 Cookie 带 Secure")
    func idleSessionsAndSecureCookies() async throws {
        let activity = SessionActivity()
        let minute: Int64 = 60_000
        #expect(await activity.touch("s", now: 0, idleMillis: 30 * minute))
        #expect(await activity.touch("s", now: 29 * minute, idleMillis: 30 * minute))
        #expect(!(await activity.touch("s", now: 60 * minute, idleMillis: 30 * minute)))
        #expect(!(await activity.touch("s", now: 61 * minute, idleMillis: 30 * minute)))
        #expect(await activity.touch("other", now: 61 * minute, idleMillis: 30 * minute))
        try await withServer { client, _, _ in
            let plain = try await client.execute(uri: "/login", method: .get)
            #expect(plain.headers[values: .setCookie].allSatisfy { !$0.contains("Secure") })
            let proxied = try await client.execute(uri: "/login", method: .get, headers: [HTTPField.Name("X-Forwarded-Proto")!: "https"])
            #expect(proxied.headers[values: .setCookie].contains { $0.contains("vanguard_login_csrf") && $0.contains("Secure") })
        }
        try await withServer(AppConfiguration(databaseURL: "unused", ballotWaitSeconds: 0, secureCookies: true)) { client, _, _ in
            let page = try await client.execute(uri: "/login", method: .get)
            let csrf = try #require(String(buffer: page.body).hiddenValue("csrf"))
            let cookie = try #require(cookieValue(page, "vanguard_login_csrf"))
            let login = try await client.execute(
                uri: "/login", method: .post, headers: [.cookie: "vanguard_login_csrf=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&username=admin&password=Office-key-2026"))
            #expect(login.headers[values: .setCookie].contains { $0.hasPrefix("vanguard_session=") && $0.contains("Secure") && $0.contains("HttpOnly") })
        }
    }
}
