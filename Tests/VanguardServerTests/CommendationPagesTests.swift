import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardAPI
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("评选表彰页面与接口")
struct CommendationPagesTests {
    static func post(_ client: any TestClientProtocol, _ s: Session, _ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
        try await SupportPagesTests.post(client, s, uri, fields)
    }

    static func page(_ client: any TestClientProtocol, _ s: Session?, _ uri: String) async throws -> (status: HTTPResponse.Status, html: String) {
        try await SupportPagesTests.page(client, s, uri)
    }

    @Test("接口的枚举含核心的每个取值：推荐状态、评选状态、层级、条件、核实结果")
    func apiEnumsCoverTheCore() {
        typealias S = Components.Schemas
        for v in NominationState.allCases { #expect(S.Nomination.StatePayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in CommendationRoundState.allCases { #expect(S.CommendationRound.StatePayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in CommendationLevel.allCases { #expect(S.CommendationRound.LevelPayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in EligibilityKind.allCases { #expect(S.EligibilityRule.KindPayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in ObjectionOutcome.allCases { #expect(S.Objection.OutcomePayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in CommendationSubject.allCases { #expect(S.CommendationTitle.SubjectPayload(rawValue: v.rawValue) != nil, "\(v)") }
    }

    @Test("市委在网页上开展评选、定名额和条件，支部书记推荐党员，市委遴选并公示；公示页不登录可看、不含电话，群众提出异议须带页面的令牌（跨站伪造被拒）；市委核实；接口同样可用，公开接口不需令牌")
    func nominateOnTheWebAndObjectInPublic() async throws {
        try await withServer { client, v, city in
            let m = try await v.members.create(sampleMember("CM01", name: "王先锋"), organizationID: city.village1.id, as: .system())
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            // The office opens the round on the city's page.
            #expect(try await Self.page(client, admin, "/organizations/\(city.city.id)/commendations").html.contains("open-round-form"))
            #expect(!(try await Self.page(client, secretary, "/organizations/\(city.village1.id)/commendations").html.contains("open-round-form")))
            let opened = try await Self.post(
                client, admin, "/organizations/\(city.city.id)/commendations",
                [("name", "2026年度创先争优表彰"), ("year", "2026"), ("level", "city"), ("decideBy", "2026-12-20"), ("noticeDays", "5")])
            #expect(opened.status == .seeOther)
            let roundURL = try #require(opened.headers[.location])
            let roundID = try #require(Int64(roundURL.split(separator: "/").last ?? ""))
            #expect(
                try await Self.post(client, admin, roundURL + "/quota", [("title", "excellent_member"), ("organization", "C1"), ("quota", "3")]).status
                    == .seeOther)
            #expect(
                try await Self.post(client, admin, roundURL + "/eligibility", [("title", "excellent_member"), ("rule_not_backward", "1")]).status
                    == .seeOther)
            let bad = try await Self.post(
                client, admin, roundURL + "/eligibility", [("title", "excellent_member"), ("rule_satisfaction", "1"), ("value_satisfaction", "x")])
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("群众满意率"))
            // The branch secretary sees the round from her village's page and nominates her member.
            let desk = try await Self.page(client, secretary, roundURL)
            #expect(desk.status == .ok && desk.html.contains("nominate-form") && !desk.html.contains("quota-form"))
            let nominated = try await Self.post(
                client, secretary, roundURL + "/nominate",
                [
                    ("title", "excellent_member"), ("nominator", "\(city.village1.id)"), ("member", "CM01"), ("deeds", "带领村民种茶致富，连续三年无上访。"),
                    ("summary", "带领村民种茶致富"),
                ])
            #expect(nominated.status == .seeOther)
            let nominationURL = try #require(nominated.headers[.location])
            let nominationID = try #require(Int64(nominationURL.split(separator: "/").last ?? ""))
            // 事迹材料附件: the branch adds a PDF beside the deeds on the nomination's page.
            let nominationPage = try await Self.page(client, secretary, nominationURL)
            let attach = String(try #require(nominationPage.html.firstMatch(of: /action="(\/nomination-deeds\/\d+)"/)?.1))
            let (h, b) = AnnouncementPagesTests.multipart(secretary, fields: [], files: [("事迹材料.pdf", Array("%PDF-1.4\n%%EOF\n".utf8))])
            #expect(try await client.execute(uri: attach, method: .post, headers: h, body: b).status == .seeOther)
            let withFile = try await Self.page(client, admin, nominationURL)
            let fileURL = String(try #require(withFile.html.firstMatch(of: /href="(\/nomination-files\/\d+)"/)?.1))
            #expect(try await client.execute(uri: fileURL, method: .get, headers: admin.headers).status == .ok)
            // The village's member does not see it yet; the office selects it and puts it on notice.
            #expect(try await Self.page(client, nil, "/public/commendations/\(roundID)").status == .notFound)
            #expect(try await Self.page(client, admin, nominationURL).html.contains("shortlist-form"))
            #expect(try await Self.post(client, admin, nominationURL + "/shortlist", []).status == .seeOther)
            #expect(try await Self.post(client, admin, roundURL + "/publish", []).status == .seeOther)
            // The public notice, without login: her name and short deeds, never a phone number.
            let publicPage = try await client.execute(uri: "/public/commendations/\(roundID)", method: .get)
            let html = String(buffer: publicPage.body)
            #expect(publicPage.status == .ok && html.contains("王先锋") && html.contains("带领村民种茶致富") && !html.contains("13800138000"))
            let anonymousFile = try await client.execute(uri: fileURL, method: .get)
            #expect(!html.contains("事迹材料.pdf") && anonymousFile.status != .ok)
            let token = try #require(html.hiddenValue("csrf"))
            let cookie = try #require(cookieValue(publicPage, "vanguard_notice_csrf"))
            let objectionURL = "/public/nominations/\(nominationID)/objections"
            let form = "csrf=\(token)&content=%E5%8F%8D%E6%98%A0%E5%85%B6%E8%B4%A6%E7%9B%AE%E4%B8%8D%E6%B8%85"
            let forged = try await client.execute(
                uri: objectionURL, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: form))
            #expect(forged.status == .forbidden)
            let lodged = try await client.execute(
                uri: objectionURL, method: .post, headers: [.cookie: "vanguard_notice_csrf=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: form))
            #expect(lodged.status == .ok && String(buffer: lodged.body).contains("objection-received"))
            // The office sees it (anonymous) and verifies; the secretary does not see objections.
            let officeDesk = try await Self.page(client, admin, roundURL)
            #expect(officeDesk.html.contains("反映其账目不清") && officeDesk.html.contains("verify-form"))
            #expect(!(try await Self.page(client, secretary, roundURL).html.contains("反映其账目不清")))
            let objection = try #require(try await v.commendations.desk(roundID: roundID, as: .system()).objections?.first)
            #expect(
                try await Self.post(client, secretary, "/objections/\(objection.id)/verification", [("outcome", "dismissed"), ("verification", "x")]).status
                    == .notFound)
            #expect(
                try await Self.post(client, admin, "/objections/\(objection.id)/verification", [("outcome", "dismissed"), ("verification", "经查账目清楚")]).status
                    == .seeOther)
            #expect(try await Self.page(client, admin, roundURL).html.contains("经查账目清楚"))
            #expect(try await Self.page(client, admin, nominationURL + "/certificate").status == .notFound)  // not commended yet

            // The API: the public notice and an objection need no token; the rest does.
            let notice = try json(try await client.execute(uri: "/api/v1/public/commendation-rounds/\(roundID)", method: .get)) as? [String: Any]
            #expect((notice?["entries"] as? [[String: Any]])?.first?["nomineeName"] as? String == "王先锋")
            let api = try await client.execute(
                uri: "/api/v1/public/nominations/\(nominationID)/objections", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"content":"再次反映其账目不清","name":"李某"}"#))
            #expect(api.status == .created)
            #expect(try await client.execute(uri: "/api/v1/commendation-rounds/\(roundID)", method: .get).status == .unauthorized)
            let bearer = try await apiToken(client, "admin", "Office-key-2026")
            let round =
                try json(
                    try await client.execute(uri: "/api/v1/commendation-rounds/\(roundID)", method: .get, headers: [.authorization: "Bearer \(bearer)"]))
                as? [String: Any]
            #expect((round?["objections"] as? [[String: Any]])?.count == 2 && (round?["round"] as? [String: Any])?["state"] as? String == "notice")
            let detail =
                try json(
                    try await client.execute(uri: "/api/v1/nominations/\(nominationID)", method: .get, headers: [.authorization: "Bearer \(bearer)"]))
                as? [String: Any]
            #expect((detail?["steps"] as? [[String: Any]])?.map { $0["action"] as? String } == ["nominate", "shortlist", "notice", "verify"])
            _ = m
        }
    }

    @Test("第十二表 党内表彰情况：评选页链接到它；页面按表彰级别列出各称号和其中女、35岁及以下，可下载 Excel；不支持的格式和年份说明原因")
    func tableTwelve() async throws {
        try await withServer { client, _, city in
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let list = try await SupportPagesTests.page(client, admin, "/organizations/\(city.city.id)/commendations")
            let link = String(try #require(list.html.firstMatch(of: /href="(\/organizations\/\d+\/commendation-table\?year=\d+)"/)?.1))
            let page = try await SupportPagesTests.page(client, admin, link)
            #expect(page.status == .ok && page.html.contains("第十二表") && page.html.contains("其中：35岁及以下") && page.html.contains("县级表彰"))
            let file = try await client.execute(uri: link + "&format=xlsx", method: .get, headers: admin.headers)
            #expect(file.status == .ok && Array(buffer: file.body).starts(with: [0x50, 0x4B]))
            #expect(try await SupportPagesTests.page(client, admin, link + "&format=pdf").status == .badRequest)
            #expect(try await SupportPagesTests.page(client, admin, "/organizations/\(city.city.id)/commendation-table?year=1900").status == .badRequest)
        }
    }
}
