import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardServer
import VanguardStore
import VanguardTestSupport

/// Issue 11: accounts and grants managed by the office in the web and the API; tokens revocable and
/// sessions listable by their owner.
@Suite("账号管理与会话的网页和接口")
struct AccountPagesTests {
    @Test("接口：办公室新建账号、授权、停用；书记无权；令牌可以列出和注销")
    func accountsThroughTheAPI() async throws {
        try await withServer { client, v, city in
            let admin = try await apiToken(client, "admin", "Office-key-2026")
            let bearer: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "application/json"]
            let created = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: bearer,
                body: ByteBuffer(
                    string:
                        #"{"username":"li-staff","displayName":"李干事","password":"Town-staff-26","grants":[{"role":"committee_staff","organizationId":\#(city.town.id)}]}"#
                ))
            #expect(created.status == .created)
            let id = try #require((try json(created) as? [String: Any])?["id"] as? Int)
            let granted = try await client.execute(
                uri: "/api/v1/users/\(id)/grants", method: .post, headers: bearer,
                body: ByteBuffer(string: #"{"role":"inspector","organizationId":\#(city.district.id)}"#))
            #expect(granted.status == .ok)
            #expect(((try json(granted) as? [String: Any])?["grants"] as? [[String: Any]])?.count == 2)
            let listed = try await client.execute(uri: "/api/v1/users?organizationId=\(city.town.id)&q=li", method: .get, headers: bearer)
            #expect((try json(listed) as? [[String: Any]])?.map { $0["username"] as? String } == ["li-staff"])
            // The new clerk logs in with a named token, sees it in her list, and ends it.
            let login = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"li-staff","password":"Town-staff-26","label":"统计脚本"}"#))
            let token = try #require((try json(login) as? [String: Any])?["token"] as? String)
            let mine = try await client.execute(uri: "/api/v1/me/sessions", method: .get, headers: [.authorization: "Bearer \(token)"])
            let sessions = try #require(try json(mine) as? [[String: Any]])
            #expect(sessions.count == 1 && sessions[0]["label"] as? String == "统计脚本" && sessions[0]["current"] as? Bool == true)
            #expect(try await client.execute(uri: "/api/v1/auth/token", method: .delete, headers: [.authorization: "Bearer \(token)"]).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
            // Disabled by the office: no login.
            let disabled = try await client.execute(
                uri: "/api/v1/users/\(id)/active", method: .put, headers: bearer, body: ByteBuffer(string: #"{"active":false}"#))
            #expect((try json(disabled) as? [String: Any])?["active"] as? Bool == false)
            let refused = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"li-staff","password":"Town-staff-26"}"#))
            #expect(refused.status == .unauthorized)
            // A branch secretary manages no accounts: 403 in her own branch, 404 for an account she cannot see.
            let sec = try await apiToken(client, "secretary", "Peach-vil-2026")
            #expect(
                try await client.execute(uri: "/api/v1/users?organizationId=\(city.village1.id)", method: .get, headers: [.authorization: "Bearer \(sec)"])
                    .status
                    == .forbidden)
            let before = try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM role_grants").first(decodingColumn: "n", as: Int.self) }
            let escalate = try await client.execute(
                uri: "/api/v1/users/\(id)/grants", method: .post, headers: [.authorization: "Bearer \(sec)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"role":"campaign_office","organizationId":\#(city.city.id)}"#))
            #expect(escalate.status == .notFound)
            let after = try await v.backend.read { db in try await db.raw("SELECT COUNT(*) AS n FROM role_grants").first(decodingColumn: "n", as: Int.self) }
            #expect(before == after)
        }
    }

    @Test("网页：办公室在“账号管理”里新建账号（按组织代码授权）、停用；本人在“我的登录”里结束别处的登录")
    func accountsThroughThePages() async throws {
        try await withServer { client, v, city in
            let office = try await logIn(client, "admin", "Office-key-2026")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: office.headers).body)
            #expect(home.contains("/organizations/\(city.city.id)/accounts"))
            let form =
                "csrf=\(office.csrf)&username=wang-sec&displayName=%E7%8E%8B%E4%B9%A6%E8%AE%B0&role=branch_secretary&organization=V2&memberNo=&password=Li-zhuang-2026"
            let created = try await client.execute(
                uri: "/organizations/\(city.city.id)/accounts", method: .post, headers: office.formHeaders, body: ByteBuffer(string: form))
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let page = String(buffer: try await client.execute(uri: location, method: .get, headers: office.headers).body)
            #expect(page.contains("王书记") && page.contains("李庄村党支部") && page.contains("account-saved"))
            // A weak password is refused on the page, with the reason, and nothing is created.
            let weak = try await client.execute(
                uri: "/organizations/\(city.city.id)/accounts", method: .post, headers: office.formHeaders,
                body: ByteBuffer(string: "csrf=\(office.csrf)&username=weak&role=member&organization=V2&password=12345678"))
            #expect(weak.status == .badRequest && String(buffer: weak.body).contains("account-error"))
            #expect(try await v.backend.read { db in try await AccountRepository.user(db, username: "weak") } == nil)
            // The new secretary logs in: the office chose her password, so she changes it first.
            let first = try await logIn(client, "wang-sec", "Li-zhuang-2026")
            let gated = try await client.execute(uri: "/account/sessions", method: .get, headers: first.headers)
            #expect(gated.status == .seeOther && gated.headers[.location] == "/account/password")
            let change = try await client.execute(
                uri: "/account/password", method: .post, headers: first.formHeaders,
                body: ByteBuffer(string: "csrf=\(first.csrf)&current=Li-zhuang-2026&new=Wang-own-2027&repeat=Wang-own-2027"))
            #expect(change.status == .ok)
            // Logged in a second time, she ends that other login from the first browser.
            let second = try await logIn(client, "wang-sec", "Wang-own-2027")
            let list = String(buffer: try await client.execute(uri: "/account/sessions", method: .get, headers: first.headers).body)
            let end = try #require(list.range(of: #"action="/account/sessions/"#).map { list[$0.upperBound...].prefix { $0 != "\"" } })
            let ended = try await client.execute(
                uri: "/account/sessions/" + end, method: .post, headers: first.formHeaders, body: ByteBuffer(string: "csrf=\(first.csrf)"))
            #expect(ended.status == .seeOther)
            #expect(try await client.execute(uri: "/", method: .get, headers: second.headers).status == .seeOther)  // back to the login page
            #expect(try await client.execute(uri: "/", method: .get, headers: first.headers).status == .ok)
            // Disabled by the office, her remaining session ends too.
            let id = try #require(Int64(location.split(separator: "/").last!.prefix { $0 != "?" }))
            let disable = try await client.execute(
                uri: "/accounts/\(id)/active", method: .post, headers: office.formHeaders, body: ByteBuffer(string: "csrf=\(office.csrf)&active=0"))
            #expect(disable.status == .seeOther)
            #expect(try await client.execute(uri: "/", method: .get, headers: first.headers).status == .seeOther)
            // The secretary of Peach village sees no account pages.
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            #expect(try await client.execute(uri: "/organizations/\(city.village1.id)/accounts", method: .get, headers: sec.headers).status == .forbidden)
            #expect(try await client.execute(uri: "/accounts/\(id)", method: .get, headers: sec.headers).status == .notFound)
        }
    }
}

@Suite("审计日志页")
struct AuditPageTests {
    @Test("审计页：市办公室按操作人、操作和日期筛选，翻页，导出（导出本身记入日志）；导出党员名册被记录；书记看不到审计页")
    func auditPageFiltersAndExports() async throws {
        try await withServer { client, v, city in
            let office = try await logIn(client, "admin", "Office-key-2026")
            _ = try await logIn(client, "secretary", "Peach-vil-2026")
            // Exporting the roster is recorded; so it is a POST with the form's token, never a GET.
            let viaGet = try await client.execute(uri: "/export/members.csv?organizationId=\(city.town.id)", method: .get, headers: office.headers)
            #expect([.notFound, .methodNotAllowed].contains(viaGet.status))
            let forged = try await client.execute(
                uri: "/export/members.csv?organizationId=\(city.town.id)", method: .post, headers: office.formHeaders, body: ByteBuffer(string: "csrf=forged"))
            #expect(forged.status == .forbidden)
            let roster = try await client.execute(
                uri: "/export/members.csv?organizationId=\(city.town.id)", method: .post, headers: office.formHeaders,
                body: ByteBuffer(string: "csrf=\(office.csrf)"))
            #expect(roster.status == .ok)
            let page = String(
                buffer: try await client.execute(uri: "/audit?actor=admin&action=export.", method: .get, headers: office.headers).body)
            #expect(page.contains("export.members") && page.contains("党员名册") && !page.contains("auth.login"))
            let logins = String(buffer: try await client.execute(uri: "/audit?action=auth.login", method: .get, headers: office.headers).body)
            #expect(logins.contains(">secretary<") && logins.contains(">admin<"))
            // A day long before anything happened shows nothing; a malformed date is a 400 naming the field.
            let empty = String(buffer: try await client.execute(uri: "/audit?to=2020-01-01", method: .get, headers: office.headers).body)
            #expect(!empty.contains("auth.login"))
            #expect(try await client.execute(uri: "/audit?from=yesterday", method: .get, headers: office.headers).status == .badRequest)
            // The export carries the filtered records, and is itself recorded.
            let csv = String(
                buffer: try await client.execute(
                    uri: "/audit/export.csv?action=auth.", method: .post, headers: office.formHeaders, body: ByteBuffer(string: "csrf=\(office.csrf)")
                ).body)
            #expect(csv.contains("auth.login") && !csv.contains("export.members"))
            let token = try await apiToken(client, "admin", "Office-key-2026")
            let api = try await client.execute(uri: "/api/v1/audit?action=audit.export", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect((try json(api) as? [[String: Any]])?.first?["summary"] as? String == "导出审计日志 2 条，筛选：操作=auth.*")
            // Pages of 100, newest first, by the chain's numbers.
            let all = try #require(
                try json(try await client.execute(uri: "/api/v1/audit", method: .get, headers: [.authorization: "Bearer \(token)"])) as? [[String: Any]])
            let seqs = all.compactMap { $0["seq"] as? Int }
            #expect(seqs == seqs.sorted(by: >) && !seqs.isEmpty)
            let older = try await client.execute(uri: "/api/v1/audit?before=\(seqs.last!)", method: .get, headers: [.authorization: "Bearer \(token)"])
            #expect((try json(older) as? [[String: Any]])?.allSatisfy { ($0["seq"] as? Int ?? .max) < seqs.last! } == true)
            // A branch secretary has no audit page, in the web or the API.
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            #expect(try await client.execute(uri: "/audit", method: .get, headers: sec.headers).status == .notFound)
            let secToken = try await apiToken(client, "secretary", "Peach-vil-2026")
            #expect(try await client.execute(uri: "/api/v1/audit", method: .get, headers: [.authorization: "Bearer \(secToken)"]).status == .notFound)
            _ = v
        }
    }
}

@Suite("口令过期的网页和接口")
struct PasswordExpiryPagesTests {
    @Test("密码过期：网页只能进入修改密码页，接口只能改密码（其他一律403）；改后一切如常")
    func expiredPasswordLeadsToThePasswordPage() async throws {
        try await withServer(AppConfiguration(databaseURL: "unused", ballotWaitSeconds: 0, passwordMaxAgeDays: 90)) { client, v, city in
            // The secretary's password was set long ago.
            try await v.backend.write { db in
                try await db.raw("UPDATE password_history SET changed_at = 0").run()
                try await db.raw("UPDATE users SET created_at = 0").run()
            }
            let web = try await logIn(client, "secretary", "Peach-vil-2026")
            let home = try await client.execute(uri: "/organizations/\(city.village1.id)", method: .get, headers: web.headers)
            #expect(home.status == .seeOther && home.headers[.location] == "/account/password")
            let page = String(buffer: try await client.execute(uri: "/account/password", method: .get, headers: web.headers).body)
            #expect(page.contains("password-expired"))
            let login = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"secretary","password":"Peach-vil-2026"}"#))
            let body = try #require(try json(login) as? [String: Any])
            #expect(body["mustChangePassword"] as? Bool == true)
            let token = try #require(body["token"] as? String)
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            #expect(try await client.execute(uri: "/api/v1/organizations/\(city.village1.id)", method: .get, headers: auth).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: auth).status == .ok)
            let changed = try await client.execute(
                uri: "/api/v1/me/password", method: .post, headers: auth, body: ByteBuffer(string: #"{"current":"Peach-vil-2026","new":"Peach-new-2027"}"#))
            #expect(changed.status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/organizations/\(city.village1.id)", method: .get, headers: auth).status == .ok)
            // The web session was another one: it ended with the change; a new login goes straight in.
            let again = try await logIn(client, "secretary", "Peach-new-2027")
            #expect(try await client.execute(uri: "/organizations/\(city.village1.id)", method: .get, headers: again.headers).status == .ok)
        }
    }
}
