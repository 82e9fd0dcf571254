import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("网页")
struct WebPagesTests {
    @Test("未登录（或会话过期）访问页面转到登录页，登录后回到原来要去的页面；站外地址不跟随")
    func pagesNeedLogin() async throws {
        try await withServer { client, _, city in
            for uri in ["/", "/organizations/\(city.city.id)", "/search?q=%E6%9D%91", "/import"] {
                let r = try await client.execute(uri: uri, method: .get)
                let location = try #require(r.headers[.location])
                #expect(r.status == .seeOther && location.hasPrefix("/login?next="), "\(uri)")
                #expect(location.dropFirst("/login?next=".count).removingPercentEncoding == uri)
            }
            // logging in from that page goes back to the organization she wanted
            func logInFrom(_ next: String) async throws -> String? {
                let page = try await client.execute(uri: "/login?next=" + next, method: .get)
                let html = String(buffer: page.body)
                let csrf = try #require(html.hiddenValue("csrf"))
                let cookie = try #require(cookieValue(page, "vanguard_login_csrf"))
                let field = html.hiddenValue("next").map { "&next=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") } ?? ""
                return try await client.execute(
                    uri: "/login", method: .post, headers: [.cookie: "vanguard_login_csrf=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
                    body: ByteBuffer(string: "csrf=\(csrf)&username=admin&password=Office-key-2026" + field)
                ).headers[.location]
            }
            #expect(try await logInFrom("%2Forganizations%2F\(city.city.id)") == "/organizations/\(city.city.id)")
            #expect(try await logInFrom("%2F%2Fevil.example%2F") == "/")
            #expect(try await logInFrom("https%3A%2F%2Fevil.example%2F") == "/")
        }
    }

    @Test("登录后首页是中文的工作台：待办、关注指标、角色和管理范围")
    func homeInChinese() async throws {
        try await withServer { client, _, city in
            let s = try await logIn(client, "admin", "Office-key-2026")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: s.headers).body)
            #expect(home.contains("工作台") && home.contains("待办事项") && home.contains("领导小组办公室") && home.contains("中共测试市委员会"))
            #expect(home.contains("href=\"/organizations/\(city.city.id)\"") && home.contains("id=\"fig-members\""))
            let en = String(buffer: try await client.execute(uri: "/?lang=en", method: .get, headers: s.headers).body)
            #expect(en.contains("Campaign office") && en.contains("<html lang=\"en\">"))
        }
    }

    @Test("密码错误时留在登录页并提示")
    func wrongPassword() async throws {
        try await withServer { client, _, _ in
            let page = try await client.execute(uri: "/login", method: .get)
            let csrf = String(buffer: page.body).hiddenValue("csrf")!
            let cookie = cookieValue(page, "vanguard_login_csrf")!
            let r = try await client.execute(
                uri: "/login", method: .post, headers: [.cookie: "vanguard_login_csrf=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "csrf=\(csrf)&username=admin&password=nope"))
            #expect(r.status == .unauthorized)
            #expect(String(buffer: r.body).contains("用户名或密码错误"))
            #expect(cookieValue(r, "vanguard_session") == nil)
        }
    }

    @Test("组织页显示下级组织、党员和子树计数；党员列表隐去手机号")
    func organizationPage() async throws {
        try await withServer { client, v, city in
            _ = try await v.members.create(sampleMember("M1", name: "赵六"), organizationID: city.village1.id, as: .system())
            let s = try await logIn(client, "admin", "Office-key-2026")
            let town = String(buffer: try await client.execute(uri: "/organizations/\(city.town.id)", method: .get, headers: s.headers).body)
            #expect(town.contains("桃花村党支部") && town.contains("李庄村党支部") && town.contains("id=\"count-members\" title=\"1\">1<"))
            let village = String(buffer: try await client.execute(uri: "/organizations/\(city.village1.id)", method: .get, headers: s.headers).body)
            #expect(village.contains("赵六") && village.contains("138****8000") && !village.contains("13800138000"))
            let tree = String(buffer: try await client.execute(uri: "/organizations/\(city.town.id)/tree", method: .get, headers: s.headers).body)
            #expect(tree.contains("桃花村党支部") && tree.contains("李庄村党支部"))
        }
    }

    @Test("支部书记看不到其他支部，也不能操作（显示为不存在）")
    func secretaryCannotSeeOtherBranch() async throws {
        try await withServer { client, v, city in
            let other = try await v.members.create(sampleMember("M2"), organizationID: city.village2.id, as: .system())
            let s = try await logIn(client, "secretary", "Peach-vil-2026")
            #expect(try await client.execute(uri: "/organizations/\(city.village2.id)", method: .get, headers: s.headers).status == .notFound)
            #expect(try await client.execute(uri: "/members/\(other.id)", method: .get, headers: s.headers).status == .notFound)
            let post = try await client.execute(
                uri: "/members/\(other.id)/transfer", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&organization=V1"))
            #expect(post.status == .notFound)
            #expect(try await v.members.get(other.id, as: .system()).organizationID == city.village2.id)
        }
    }

    @Test("选择器：按名称或编码边输边查（只在管理范围内），表单收编码或全称而不是内部编号；搜索框按编码也能找到组织")
    func pickers() async throws {
        try await withServer { client, v, city in
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let picked = String(buffer: try await client.execute(uri: "/pick/organizations?q=%E6%9D%8E%E5%BA%84", method: .get, headers: admin.headers).body)  // 李庄
            #expect(picked == #"[{"label":"李庄村党支部","value":"V2"}]"# || picked == #"[{"value":"V2","label":"李庄村党支部"}]"#, "\(picked)")
            // the secretary's picker offers nothing outside her branch
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            #expect(String(buffer: try await client.execute(uri: "/pick/organizations?q=V2", method: .get, headers: secretary.headers).body) == "[]")
            // the move form takes the new parent's code (or its full name); the page offers the picker, not an id box
            let page = String(buffer: try await client.execute(uri: "/organizations/\(city.village2.id)", method: .get, headers: admin.headers).body)
            #expect(page.contains("data-pick=\"/pick/organizations\"") && !page.contains("（ID）"))
            let version = try await v.organizations.get(city.village2.id, as: .system()).version
            let moved = try await client.execute(
                uri: "/organizations/\(city.village2.id)/move", method: .post, headers: admin.formHeaders,
                body: ByteBuffer(string: "csrf=\(admin.csrf)&version=\(version)&parent=S1"))
            #expect(moved.status == .seeOther)
            #expect(try await v.organizations.get(city.village2.id, as: .system()).parentID == city.community.id)
            // an unknown name is refused naming the field
            let refused = try await client.execute(
                uri: "/organizations/\(city.village2.id)/move", method: .post, headers: admin.formHeaders,
                body: ByteBuffer(string: "csrf=\(admin.csrf)&parent=%E6%97%A0%E6%AD%A4%E7%BB%84%E7%BB%87"))  // 无此组织
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("新的上级组织：没有代码或全称为“无此组织”的组织"))
            // the search box finds an organization by its code
            let found = String(buffer: try await client.execute(uri: "/search?q=V1", method: .get, headers: admin.headers).body)
            #expect(found.contains("桃花村党支部"))
        }
    }

    @Test("表单缺少 CSRF 令牌被拒绝，数据不变")
    func csrfRequired() async throws {
        try await withServer { client, v, city in
            let s = try await logIn(client, "admin", "Office-key-2026")
            let r = try await client.execute(
                uri: "/organizations/\(city.town.id)/create", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "name=%E6%96%B0%E6%94%AF%E9%83%A8&kind=branch&sector=village"))
            #expect(r.status == .forbidden)
            #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 2)
            let ok = try await client.execute(
                uri: "/organizations/\(city.town.id)/create", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&name=%E6%96%B0%E6%94%AF%E9%83%A8&code=NEWB&kind=branch&sector=village"))
            #expect(ok.status == .seeOther)
            #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 3)
        }
    }

    @Test("新增党员的表单检查并保存，错误给出中文说明")
    func createMemberForm() async throws {
        try await withServer { client, v, city in
            let s = try await logIn(client, "secretary", "Peach-vil-2026")
            let bad = try await client.execute(
                uri: "/organizations/\(city.village1.id)/members", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&memberNo=N1&name=%E5%AD%99%E4%B8%83&gender=male&birthDate=2010-01-01&joinDate=2020-01-01"))
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("十八岁"))
            let good = try await client.execute(
                uri: "/organizations/\(city.village1.id)/members", method: .post, headers: s.formHeaders,
                body: ByteBuffer(
                    string:
                        "csrf=\(s.csrf)&memberNo=N1&name=%E5%AD%99%E4%B8%83&gender=male&birthDate=1980-01-01&joinDate=2020-01-01&phone=13911112222&withoutPost=1&assignedPost=%E6%94%BF%E7%AD%96%E5%AE%A3%E4%BC%A0%E5%B2%97"
                ))
            #expect(good.status == .seeOther)
            let page = String(buffer: try await client.execute(uri: good.headers[.location]!, method: .get, headers: s.headers).body)
            #expect(page.contains("孙七") && page.contains("政策宣传岗") && page.contains("13911112222"))
        }
    }

    @Test("搜索只在管理范围内查找组织和党员")
    func search() async throws {
        try await withServer { client, v, city in
            _ = try await v.members.create(sampleMember("M1", name: "钱八"), organizationID: city.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("M2", name: "钱九"), organizationID: city.village2.id, as: .system())
            let s = try await logIn(client, "secretary", "Peach-vil-2026")
            let page = String(buffer: try await client.execute(uri: "/search?q=%E9%92%B1", method: .get, headers: s.headers).body)
            #expect(page.contains("钱八") && !page.contains("钱九"))
        }
    }

    @Test("页面导入：有错误的文件显示问题清单，正确的文件写入")
    func importPage() async throws {
        try await withServer { client, v, city in
            let s = try await logIn(client, "admin", "Office-key-2026")
            func upload(_ csv: String) async throws -> TestResponse {
                let boundary = "XyZ123"
                let body =
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(s.csrf)\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\norganizations\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"orgs.csv\"\r\nContent-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
                return try await client.execute(
                    uri: "/import", method: .post, headers: [.cookie: s.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"],
                    body: ByteBuffer(string: body))
            }
            let header = "组织编码,组织名称,组织类别,所属领域,上级组织编码\n"
            let bad = try await upload(header + "Z1,孤儿支部,党支部,村,NOWHERE\n")
            #expect(
                bad.status == .unprocessableContent && String(buffer: bad.body).contains("上级组织编码在系统和文件中都不存在"),
                "\(bad.status) \(String(buffer: bad.body).suffix(600))")
            #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 2)
            let good = try await upload(header + "Z1,新建村党支部,党支部,村,T1\n")
            #expect(good.status == .ok && String(buffer: good.body).contains("导入成功：新增 1 条"))
            // and says where the row went, with a link to go and see it
            #expect(String(buffer: good.body).contains("<a href=\"/organizations/\(city.town.id)\">中共桃花镇委员会</a> <small>1</small>"))
            #expect(try await v.organizations.children(of: city.town.id, as: .system()).count == 3)
        }
    }

    @Test("支部书记填报本支部的实践主题和实施方案")
    func practiceThemeAndPlan() async throws {
        try await withServer { client, v, city in
            _ = try await v.campaigns.create(
                name: "创先争优活动", theme: "创先争优走前头", subTheme: nil, startYear: 2026, endYear: 2028, planDueOn: CalendarDay(year: 2026, month: 8, day: 25),
                phases: [], carriers: ["党员公开承诺"], as: .system())
            let s = try await logIn(client, "secretary", "Peach-vil-2026")
            let theme = "%E4%BA%AE%E8%BA%AB%E4%BB%BD%E3%80%81%E5%81%9A%E8%A1%A8%E7%8E%87"  // 亮身份、做表率
            let r = try await client.execute(
                uri: "/organizations/\(city.village1.id)/plan", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&practiceTheme=\(theme)&planText=%E4%B8%80%E3%80%81%E7%9B%AE%E6%A0%87"))
            #expect(r.status == .seeOther)
            let page = String(buffer: try await client.execute(uri: "/organizations/\(city.village1.id)", method: .get, headers: s.headers).body)
            #expect(page.contains("亮身份、做表率") && page.contains("一、目标") && page.contains("2026-11-21"))
            let other = try await client.execute(
                uri: "/organizations/\(city.village2.id)/plan", method: .post, headers: s.formHeaders,
                body: ByteBuffer(string: "csrf=\(s.csrf)&practiceTheme=x"))
            #expect(other.status == .notFound)
        }
    }

    @Test("运维接口：存活、就绪、指标和接口规范")
    func operations() async throws {
        try await withServer { client, _, _ in
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(String(buffer: try await client.execute(uri: "/readyz", method: .get).body) == "ready")
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("hb_request"))
            let spec = String(buffer: try await client.execute(uri: "/api/openapi.yaml", method: .get).body)
            #expect(spec.contains("operationId: createToken"))
        }
    }
}
