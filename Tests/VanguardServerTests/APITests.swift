import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("JSON 接口")
struct APITests {
    @Test("令牌登录后读取当前用户和管理范围")
    func tokenAndMe() async throws {
        try await withServer { client, _, city in
            let token = try await apiToken(client, "secretary", "Peach-vil-2026")
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: "Bearer \(token)"])
            let body = try json(me) as? [String: Any]
            #expect(body?["username"] as? String == "secretary")
            let scope = body?["scope"] as? [[String: Any]]
            #expect(scope?.first?["id"] as? Int == Int(city.village1.id))
        }
    }

    @Test("缺少或无效的令牌得到 401 problem+json")
    func unauthorized() async throws {
        try await withServer { client, _, _ in
            for headers: HTTPFields in [[:], [.authorization: "Bearer not-a-token"]] {
                let r = try await client.execute(uri: "/api/v1/me", method: .get, headers: headers)
                #expect(r.status == .unauthorized)
                #expect(r.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                let p = try json(r) as? [String: Any]
                #expect((p?["detail"] as? String)?.contains("登录") == true && p?["detailEn"] != nil)
            }
            let wrong = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"admin","password":"x"}"#))
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test("连续登录失败后被限制")
    func throttled() async throws {
        try await withServer { client, _, _ in
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<6 {
                let r = try await client.execute(
                    uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"username":"admin","password":"guess"}"#))
                statuses.append(r.status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            // even the right password waits now
            let r = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"admin","password":"Office-key-2026"}"#))
            #expect(r.status == .tooManyRequests)
        }
    }

    @Test("错误的编号、请求体和参数得到 400，范围外得到 404，从不 500")
    func badInput() async throws {
        try await withServer { client, v, city in
            let admin = try await apiToken(client, "admin", "Office-key-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(admin)", .contentType: "application/json"]
            let cases: [(String, HTTPRequest.Method, String?, HTTPResponse.Status)] = [
                ("/api/v1/organizations/abc", .get, nil, .badRequest),
                ("/api/v1/organizations/0", .get, nil, .notFound),
                ("/api/v1/organizations/999999", .get, nil, .notFound),
                ("/api/v1/organizations", .post, #"{"parentId": 1, "name": "x""#, .badRequest),
                ("/api/v1/organizations", .post, #"{"parentId": \#(city.town.id), "name": "x", "kind": "cell", "sector": "village"}"#, .badRequest),
                ("/api/v1/organizations", .post, #"{"parentId": \#(city.village1.id), "name": "x", "kind": "branch", "sector": "village"}"#, .badRequest),
                ("/api/v1/organizations/search?limit=5", .get, nil, .badRequest),
                ("/api/v1/organizations/\(city.district.id)/move", .post, #"{"parentId": \#(city.town.id)}"#, .badRequest),
                (
                    "/api/v1/members", .post,
                    #"{"organizationId": \#(city.village1.id), "memberNo": "Q1", "name": "x", "gender": "male", "birthDate": "1980-02-30", "joinDate": "2001-01-01"}"#,
                    .badRequest
                ),
                ("/api/v1/members/77777/transfer", .post, #"{"organizationId": 1}"#, .notFound),
                ("/api/v1/nothing-here", .get, nil, .notFound),
            ]
            for (uri, method, body, expected) in cases {
                let r = try await client.execute(uri: uri, method: method, headers: auth, body: body.map { ByteBuffer(string: $0) })
                #expect(r.status == expected, "\(method) \(uri) → \(r.status)")
                if expected != .notFound || uri.contains("/v1/organizations") {
                    #expect(r.headers[.contentType]?.hasPrefix("application/problem+json") == true, "\(uri)")
                }
            }
            #expect(try await v.verifier.differences().isEmpty)
            #expect(try await v.organizations.get(city.district.id, as: .system()).path == city.district.path)
        }
    }

    @Test("通过接口新建、修改、转接党员；范围外的对象不存在")
    func membersThroughAPI() async throws {
        try await withServer { client, v, city in
            let token = try await apiToken(client, "secretary", "Peach-vil-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let created = try await client.execute(
                uri: "/api/v1/members", method: .post, headers: auth,
                body: ByteBuffer(
                    string: """
                        {"organizationId": \(city.village1.id), "memberNo": "API1", "name": "周十", "gender": "female", "birthDate": "1988-08-08",
                         "joinDate": "2010-07-01", "phone": "13700001234", "categories": {"secretary": true}}
                        """))
            #expect(created.status == .created)
            let member = try json(created) as? [String: Any]
            let id = try #require(member?["id"] as? Int)
            #expect(member?["phone"] as? String == "13700001234")
            let list =
                try json(try await client.execute(uri: "/api/v1/organizations/\(city.village1.id)/members", method: .get, headers: auth)) as? [[String: Any]]
            #expect(list?.first?["phone"] as? String == "137****1234")
            let updated = try await client.execute(
                uri: "/api/v1/members/\(id)", method: .patch, headers: auth,
                body: ByteBuffer(
                    string: """
                        {"version": 1, "memberNo": "API1", "name": "周十一", "gender": "female", "birthDate": "1988-08-08", "joinDate": "2010-07-01"}
                        """))
            #expect(updated.status == .ok)
            let stale = try await client.execute(
                uri: "/api/v1/members/\(id)", method: .patch, headers: auth,
                body: ByteBuffer(
                    string: """
                        {"version": 1, "memberNo": "API1", "name": "周十二", "gender": "female", "birthDate": "1988-08-08", "joinDate": "2010-07-01"}
                        """))
            #expect(stale.status == .conflict)
            let outside = try await client.execute(uri: "/api/v1/organizations/\(city.village2.id)", method: .get, headers: auth)
            #expect(outside.status == .notFound)
            let transfer = try await client.execute(
                uri: "/api/v1/members/\(id)/transfer", method: .post, headers: auth, body: ByteBuffer(string: #"{"organizationId": \#(city.village2.id)}"#))
            #expect(transfer.status == .notFound)
            #expect(try await v.members.get(Int64(id), as: .system()).draft.name == "周十一")
        }
    }

    @Test("通过接口移动和撤销组织")
    func organizationsThroughAPI() async throws {
        try await withServer { client, v, city in
            let token = try await apiToken(client, "admin", "Office-key-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let moved = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/move", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"parentId": \#(city.otherDistrict.id)}"#))
            #expect(moved.status == .ok)
            #expect((try json(moved) as? [String: Any])?["path"] as? String == "/\(city.city.id)/\(city.otherDistrict.id)/\(city.town.id)/")
            let children =
                try json(try await client.execute(uri: "/api/v1/organizations/\(city.otherDistrict.id)/children", method: .get, headers: auth))
                as? [[String: Any]]
            #expect(children?.count == 2)
            let dissolved = try await client.execute(
                uri: "/api/v1/organizations/\(city.village2.id)/dissolve", method: .post, headers: auth, body: ByteBuffer(string: "{}"))
            #expect(dissolved.status == .noContent)
            let refused = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/dissolve", method: .post, headers: auth, body: ByteBuffer(string: "{}"))
            #expect(refused.status == .conflict)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("接口导入：有错误返回 422 和全部问题，导出得到文件")
    func importExportThroughAPI() async throws {
        try await withServer { client, v, city in
            let token = try await apiToken(client, "admin", "Office-key-2026")
            let header = "党员编号,姓名,性别,出生日期,入党日期,所在组织编码\n"
            let first = "I1,吴一,男,1970-01-01,1995-07-01,V1\n"
            let csv = header + first + "I1,吴二,男,1970-01-01,1995-07-01,V1\n"
            let bad = try await client.execute(
                uri: "/api/v1/import/members", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                body: ByteBuffer(string: csv))
            #expect(bad.status == .unprocessableContent)
            let report = try json(bad) as? [String: Any]
            #expect((report?["problems"] as? [[String: Any]])?.first?["row"] as? Int == 3)
            #expect(try await v.organizations.get(city.city.id, as: .system()).counters.subtreeMembers == 0)
            let good = try await client.execute(
                uri: "/api/v1/import/members", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                body: ByteBuffer(string: header + first))
            #expect(good.status == .ok)
            let exported = try await client.execute(
                uri: "/api/v1/export/members?organizationId=\(city.city.id)&format=csv", method: .post,
                headers: [.authorization: "Bearer \(token)", .accept: "text/csv"])
            #expect(exported.status == .ok)
            #expect(String(buffer: exported.body).contains("吴一"))
            let tooBig = try await client.execute(
                uri: "/api/v1/import/members", method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/octet-stream"],
                body: ByteBuffer(repeating: 0x41, count: 21 * 1024 * 1024))
            #expect(tooBig.status == .contentTooLarge)
        }
    }

    @Test("领导小组办公室设立活动；阶段顺序错误被拒绝；其他角色无权设立")
    func campaigns() async throws {
        try await withServer { client, v, _ in
            let admin = try await apiToken(client, "admin", "Office-key-2026")
            let body = """
                {"name": "2027年创先争优活动", "theme": "创先争优走前头，跨越崛起作表率", "startYear": 2027, "endYear": 2029, "planDueOn": "2027-08-25",
                 "phases": [{"kind": "mobilization", "startsOn": "2027-03-01", "endsOn": "2027-05-31"},
                            {"kind": "rollout", "startsOn": "2027-06-01", "endsOn": "2028-06-30"}],
                 "carriers": ["党员公开承诺", "领导点评", "  "]}
                """
            let created = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let campaign = try json(created) as? [String: Any]
            #expect((campaign?["carriers"] as? [String]) == ["党员公开承诺", "领导点评"])
            #expect((campaign?["phases"] as? [[String: Any]])?.first?["name"] as? String == "动员部署")
            let reversed = body.replacingOccurrences(of: "\"mobilization\"", with: "\"x\"").replacingOccurrences(of: "\"rollout\"", with: "\"mobilization\"")
                .replacingOccurrences(of: "\"x\"", with: "\"rollout\"")
            let bad = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                body: ByteBuffer(string: reversed))
            #expect(bad.status == .badRequest)
            let secretary = try await apiToken(client, "secretary", "Peach-vil-2026")
            let refused = try await client.execute(
                uri: "/api/v1/campaigns", method: .post, headers: [.authorization: "Bearer \(secretary)", .contentType: "application/json"],
                body: ByteBuffer(string: body))
            #expect(refused.status == .forbidden)
            #expect(try await v.campaigns.all().count == 1)
            let s = try await logIn(client, "secretary", "Peach-vil-2026")
            let page = String(buffer: try await client.execute(uri: "/campaigns", method: .get, headers: s.headers).body)
            #expect(page.contains("2027年创先争优活动") && page.contains("2027-08-25") && !page.contains("设立新活动"))
        }
    }
}
