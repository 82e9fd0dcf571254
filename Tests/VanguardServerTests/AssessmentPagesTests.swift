import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("点评、认定、积分、评分网页")
struct AssessmentPagesTests {
    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
    }

    @Test("书记在网页上点评党员；认定页改变建议等次不写理由被拒，写了理由后显示认定结果；加减分待第二人审核；评分表打分后显示得分")
    func assessmentOnThePages() async throws {
        try await withServer { client, v, city in
            let a = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: city.village1.id, as: .system())
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            func post(_ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .post, headers: sec.formHeaders, body: Self.form([("csrf", sec.csrf)] + fields))
            }
            func page(_ uri: String) async throws -> String { String(buffer: try await client.execute(uri: uri, method: .get, headers: sec.headers).body) }

            #expect(try await page("/comments").contains("甲"))
            let comment = try await post(
                "/comments",
                [
                    ("period", "2026-H2"), ("organizationId", "\(city.village1.id)"), ("memberId", "\(a.id)"), ("achievements", "带头修路"), ("problems", "学习不够"),
                    ("direction", "多学习"), ("grade", "excellent"),
                ])
            #expect(comment.status == .seeOther)
            #expect(try await page("/comments?period=2026-H2").contains("带头修路"))
            #expect(try await page("/organizations/\(city.village1.id)/comments?period=2026-H2").contains("支部书记点评党员"))

            // The proposal is 优秀 from the comment; 合格 without a reason is refused, with one it stands.
            let determinations = try await page("/organizations/\(city.village1.id)/determinations?year=2026")
            #expect(determinations.contains("甲") && determinations.contains("优秀"))
            let refused = try await post(
                "/organizations/\(city.village1.id)/determinations",
                [("year", "2026"), ("subjectOrganizationId", "\(city.village1.id)"), ("memberId", "\(a.id)"), ("grade", "qualified"), ("reason", "")])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("须写明理由"))
            let decided = try await post(
                "/organizations/\(city.village1.id)/determinations",
                [("year", "2026"), ("subjectOrganizationId", "\(city.village1.id)"), ("memberId", "\(a.id)"), ("grade", "qualified"), ("reason", "学习记录不全")])
            #expect(decided.status == .seeOther)
            #expect(try await page("/organizations/\(city.village1.id)/determinations?year=2026").contains("学习记录不全"))

            // Points: the secretary's own entry waits for someone else.
            #expect(
                try await post("/organizations/\(city.village1.id)/points", [("memberId", "\(a.id)"), ("points", "3"), ("reason", "义务巡河")]).status == .seeOther)
            let points = try await page("/organizations/\(city.village1.id)/points?year=2026")
            #expect(points.contains("义务巡河") && points.contains("id=\"pending\""))
            let entry = try #require(points.components(separatedBy: "/point-entries/").dropFirst().first?.prefix { $0 != "/" })
            #expect(try await post("/point-entries/\(entry)/approve", [("back", "\(city.village1.id)")]).status == .forbidden)
            let ledger = try await page("/members/\(a.id)/points?year=2026")
            #expect(ledger.contains("组织认定合格") && ledger.contains("带头修路"))

            // Scoring: the branch's self-check; the town's stages are not its to fill in.
            let templateID = try #require(try await v.scoring.templates().first?.id)
            let sheet = try await page("/organizations/\(city.village1.id)/scoring?template=\(templateID)&year=2026")
            #expect(sheet.contains("三级联创考核评分表") && sheet.contains("name=\"score.1.1\""))
            #expect(!sheet.contains("</span> · </summary>"))
            let leaves = try await v.scoring.templates()[0].criteria.leaves
            let scored = try await post(
                "/organizations/\(city.village1.id)/scoring",
                [("template", "\(templateID)"), ("year", "2026"), ("stage", "self_check")]
                    + leaves.map { ("score." + $0.code, ScoringService.points($0.maximum)) })
            #expect(scored.status == .seeOther)
            #expect(try await page("/organizations/\(city.village1.id)/scoring?template=\(templateID)&year=2026").contains("<span class=\"total\">100</span>"))
            let assessed = try await post(
                "/organizations/\(city.village1.id)/scoring",
                [("template", "\(templateID)"), ("year", "2026"), ("stage", "assessment")] + leaves.map { ("score." + $0.code, "1") })
            #expect(assessed.status == .forbidden)
        }
    }

    @Test("领导小组办公室在网页上制定评价办法（权重合计须为1）和评分表（按提纲逐行写，出错指出第几行）")
    func officeSetsTheRules() async throws {
        try await withServer { client, v, city in
            let campaign = try await v.campaigns.create(
                name: "创先争优", theme: "创先争优", subTheme: nil, startYear: 2026, endYear: 2028, planDueOn: nil, phases: [], carriers: [], as: .system())
            let admin = try await logIn(client, "admin", "Office-key-2026")
            func post(_ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
                try await client.execute(uri: uri, method: .post, headers: admin.formHeaders, body: Self.form([("csrf", admin.csrf)] + fields))
            }
            #expect(
                String(buffer: try await client.execute(uri: "/campaigns", method: .get, headers: admin.headers).body).contains(
                    "/campaigns/\(campaign)/evaluation-settings"))
            let base: [(String, String)] = [
                ("excellentFrom", "92"), ("qualifiedFrom", "75"), ("basicallyQualifiedFrom", "60"), ("points.fulfilled_on_time", "6"),
                ("cap.fulfilled_on_time", "24"),
                ("memberStars", "10，20, 30"), ("organizationStars", "60 70 80 90 95"),
            ]
            let bad = try await post(
                "/campaigns/\(campaign)/evaluation-settings", base + [("commentWeight", "0.5"), ("fulfilmentWeight", "0.4"), ("satisfactionWeight", "0.3")])
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("合计为1"))
            let good = try await post(
                "/campaigns/\(campaign)/evaluation-settings", base + [("commentWeight", "0.2"), ("fulfilmentWeight", "0.5"), ("satisfactionWeight", "0.3")])
            #expect(good.status == .seeOther)
            let settings = try await v.points.settings(year: 2026)
            #expect(settings.determination.excellentFrom == 92 && settings.pointRules == [PointRule(event: "fulfilled_on_time", points: 6, yearlyCap: 24)])
            #expect(settings.memberStars == [10, 20, 30])
            // A branch secretary may look but not change.
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            #expect(
                String(buffer: try await client.execute(uri: "/campaigns/\(campaign)/evaluation-settings", method: .get, headers: sec.headers).body).contains(
                    "disabled"))

            let wrong = try await post("/scoring-templates", [("title", "社区评分表"), ("maximum", "100"), ("outline", "1 服务群众 60\n1.1 办事效率\n2 社区治理 40")])
            #expect(wrong.status == .badRequest && String(buffer: wrong.body).contains("第2行"))
            let made = try await post(
                "/scoring-templates", [("title", "社区评分表"), ("maximum", "100"), ("outline", "1 服务群众 60\n1.1 办事效率 30\n1.2 群众满意 30\n2 社区治理 40")])
            #expect(made.status == .seeOther)
            #expect(String(buffer: try await client.execute(uri: "/scoring-templates", method: .get, headers: admin.headers).body).contains("1.2 群众满意 30"))
            _ = city
        }
    }
}
