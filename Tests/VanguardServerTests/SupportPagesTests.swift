import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardAPI
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("后进帮扶与整改台账页面")
struct SupportPagesTests {
    enum WebURL {
        static func backwardBoard(_ id: Int64) -> String { "/organizations/\(id)/backward" }
        static func backward(_ id: Int64) -> String { "/backward/\(id)" }
        static func backwardAct(_ id: Int64, _ action: String) -> String { "/backward/\(id)/\(action)" }
        static func rectification(_ id: Int64) -> String { "/rectifications/\(id)" }
    }

    static func post(_ client: any TestClientProtocol, _ s: Session, _ uri: String, _ fields: [(String, String)]) async throws -> TestResponse {
        let body = ([("csrf", s.csrf)] + fields).map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try await client.execute(uri: uri, method: .post, headers: s.formHeaders, body: ByteBuffer(string: body))
    }

    static func page(_ client: any TestClientProtocol, _ s: Session?, _ uri: String) async throws -> (status: HTTPResponse.Status, html: String) {
        let r = try await client.execute(uri: uri, method: .get, headers: s?.headers ?? [:])
        return (r.status, String(buffer: r.body))
    }

    @Test("接口的枚举含核心的每个取值：新的整改来源、状态、结对方式不会让接口在映射时崩溃")
    func apiEnumsCoverTheCore() {
        typealias S = Components.Schemas
        for v in RectificationSource.allCases { #expect(S.RectificationItem.SourcePayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in RectificationState.allCases { #expect(S.RectificationItem.StatePayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in RectificationAction.allCases {
            #expect(S.RectificationDetail.EntriesPayloadPayload.ActionPayload(rawValue: v.rawValue) != nil, "\(v)")
        }
        for v in BackwardKind.allCases { #expect(S.BackwardDesignation.KindPayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in BackwardState.allCases { #expect(S.BackwardDesignation.StatePayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in PairingKind.allCases { #expect(S.BackwardDetail.PairingKindPayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in HelpKind.allCases { #expect(S.BackwardDetail.HelpPayloadPayload.KindPayload(rawValue: v.rawValue) != nil, "\(v)") }
        for v in DemonstrationState.allCases { #expect(S.DemonstrationPoint.StatePayload(rawValue: v.rawValue) != nil, "\(v)") }
    }

    @Test("区委在网页上认定后进村支部并X+1结对，台账事项经申请、退回、销号；未摘帽解除结对被拒并说明理由；其他支部、党员、未登录者看不到；工作台的待销号等于台账条数；接口同样可用")
    func designatePairRectifyLift() async throws {
        try await withServer { client, v, city in
            let op = Caller.system()
            _ = try await v.accounts.createUser(
                username: "district", displayName: "东区组织部", password: "Dong-qu-2026x", grants: [(.committeeStaff, city.district.id)], as: op)
            _ = try await v.accounts.createUser(
                username: "checker", displayName: "东区督查", password: "Du-cha-2026x", grants: [(.committeeStaff, city.district.id)], as: op)
            _ = try await v.accounts.createUser(
                username: "other", displayName: "李庄村书记", password: "Lizhuang-2026", grants: [(.branchSecretary, city.village2.id)], as: op)
            _ = try await v.organizations.create(parentID: city.district.id, code: "D1A", name: "东区机关第一党支部", kind: .branch, sector: .organ, as: op)
            let m = try await v.members.create(sampleMember("SP01", name: "陈普通"), organizationID: city.village1.id, as: op)
            _ = try await v.accounts.createUser(
                username: "plain", displayName: "陈普通", password: "Chen-pt-2026x", memberID: m.id, grants: [(.member, city.village1.id)], as: op)
            let district = try await logIn(client, "district", "Dong-qu-2026x")
            let checker = try await logIn(client, "checker", "Du-cha-2026x")
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            let other = try await logIn(client, "other", "Lizhuang-2026")
            let plain = try await logIn(client, "plain", "Chen-pt-2026x")

            // The district's board offers the designation form with the reasons as data; a designation needs a reason.
            let board = try await Self.page(client, district, WebURL.backwardBoard(city.district.id))
            #expect(board.status == .ok && board.html.contains("认定后进党组织") && board.html.contains("班子软弱涣散") && board.html.contains("不公开"))
            let noReason = try await Self.post(client, district, WebURL.backwardBoard(city.district.id), [("kind", "organization"), ("organization", "V1")])
            #expect(noReason.status == .badRequest && String(buffer: noReason.body).contains("请至少选择一项认定原因"))
            let made = try await Self.post(
                client, district, WebURL.backwardBoard(city.district.id),
                [("kind", "organization"), ("organization", "V1"), ("reasons", "weak_leadership"), ("reasons", "difficult_village"), ("note", "班子不团结")])
            #expect(made.status == .seeOther)
            let unitURL = try #require(made.headers[.location])
            let d = try #require(try await v.backward.board(organizationID: city.district.id, kind: nil, state: nil, as: op).designations.first)
            #expect(unitURL == WebURL.backward(d.id) && d.reasons == ["weak_leadership", "difficult_village"])

            // X+1 by code and by full name; a backward helper is refused with the reason.
            #expect(try await Self.post(client, district, WebURL.backwardAct(d.id, "pair"), [("helperOrganization", "T1")]).status == .seeOther)
            #expect(try await Self.post(client, district, WebURL.backwardAct(d.id, "pair"), [("helperOrganization", "东区机关第一党支部")]).status == .seeOther)
            let selfHelp = try await Self.post(client, district, WebURL.backwardAct(d.id, "pair"), [("helperOrganization", "V1")])
            #expect(selfHelp.status == .badRequest && String(buffer: selfHelp.body).contains("不能与自身结对"))
            let item = try await Self.post(
                client, district, WebURL.backwardAct(d.id, "item"),
                [("problem", "班子成员分工不明确"), ("measure", "调整分工"), ("responsible", "张书记"), ("deadline", "2026-12-31")])
            #expect(item.status == .seeOther)
            let unit = try await Self.page(client, district, unitURL)
            #expect(unit.html.contains("中共桃花镇委员会") && unit.html.contains("东区机关第一党支部") && unit.html.contains("班子成员分工不明确"))
            #expect(unit.html.contains("id=\"stock\">0 / 1<") && unit.html.contains("解除结对（脱钩）"))
            let itemID = try #require(try await v.backward.detail(d.id, as: op).items.first?.id)

            // Scope: the unit's secretary sees it; another branch, a plain member and a stranger do not.
            #expect(try await Self.page(client, secretary, unitURL).status == .ok)
            #expect(try await Self.page(client, other, unitURL).status == .notFound)
            // Out of sight, a bad form is as missing as a good one: 404 before the date is read.
            #expect(try await Self.post(client, other, WebURL.backwardAct(d.id, "item"), [("deadline", "not-a-day")]).status == .notFound)
            #expect(try await Self.post(client, other, WebURL.rectification(itemID), [("action", "nonsense")]).status == .notFound)
            #expect(try await Self.page(client, plain, unitURL).status == .notFound)
            #expect(try await Self.page(client, plain, WebURL.rectification(itemID)).status == .notFound)
            #expect(try await Self.page(client, nil, unitURL).status == .seeOther)
            #expect(!(try await Self.page(client, other, WebURL.backwardBoard(city.village2.id)).html.contains("桃花村党支部")))

            // The unit asks; the district's workbench counts it and the link lists exactly it; whoever asked cannot check off.
            #expect(try await Self.post(client, secretary, WebURL.rectification(itemID), [("action", "request"), ("text", "分工已公示")]).status == .seeOther)
            let home = try await Self.page(client, district, "/")
            let todo = try #require(WorkbenchPagesTests.todo(home.html, "todo-check-off"), "\(home.html)")
            #expect(todo.count == 1)
            let list = try await Self.page(client, district, todo.url)
            #expect(list.html.contains("id=\"rectifications-total\">1<") && list.html.contains("班子成员分工不明确"))
            let ownCheck = try await Self.post(client, secretary, WebURL.rectification(itemID), [("action", "check_off")])
            #expect(ownCheck.status == .forbidden)
            #expect(try await Self.post(client, district, WebURL.rectification(itemID), [("action", "return"), ("text", "缺少会议记录")]).status == .seeOther)
            // The county's side does not answer for the unit; the unit asks again.
            let forUnit = try await Self.post(client, district, WebURL.rectification(itemID), [("action", "request"), ("text", "补充会议记录")])
            #expect(forUnit.status == .forbidden && String(buffer: forUnit.body).contains("只有整改单位可以报告整改情况"))
            #expect(try await Self.post(client, secretary, WebURL.rectification(itemID), [("action", "request"), ("text", "补充会议记录")]).status == .seeOther)

            // 不改貌不脱钩 before lifting: refused with the reason; then checked off, accepted, unpaired.
            let early = try await Self.post(client, district, WebURL.backwardAct(d.id, "unpair"), [])
            #expect(early.status == .conflict && String(buffer: early.body).contains("不改貌不脱钩"))
            let unready = try await Self.post(client, district, WebURL.backwardAct(d.id, "lift"), [("acceptance", "合格")])
            #expect(unready.status == .conflict && String(buffer: unready.body).contains("未销号"))
            #expect(try await Self.post(client, checker, WebURL.rectification(itemID), [("action", "check_off")]).status == .seeOther)
            #expect(try await Self.post(client, district, WebURL.backwardAct(d.id, "lift"), [("acceptance", "验收合格")]).status == .seeOther)
            #expect(try await Self.post(client, district, WebURL.backwardAct(d.id, "unpair"), []).status == .seeOther)
            let lifted = try await Self.page(client, district, unitURL)
            #expect(lifted.html.contains("已摘帽") && lifted.html.contains("已解除结对") && lifted.html.contains("验收合格"))
            #expect(try await Self.page(client, checker, WebURL.rectification(itemID)).html.contains("已销号"))

            // The JSON API: the same designation, ledger and refusals.
            let token = try await apiToken(client, "district", "Dong-qu-2026x")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let detail = try #require(try json(try await client.execute(uri: "/api/v1/backward/\(d.id)", method: .get, headers: auth)) as? [String: Any])
            #expect((detail["designation"] as? [String: Any])?["stateName"] as? String == "已摘帽" && (detail["helpers"] as? [Any])?.count == 2)
            let created = try await client.execute(
                uri: "/api/v1/organizations/\(city.district.id)/backward", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"kind":"organization","organizationId":\#(city.village2.id),"reasons":["weak_economy"]}"#))
            #expect(created.status == .created)
            let newID = try #require((try json(created) as? [String: Any])?["id"] as? Int)
            let refused = try await client.execute(
                uri: "/api/v1/backward/\(newID)/unpair", method: .post, headers: auth, body: ByteBuffer(string: #"{"note":""}"#))
            #expect(refused.status == .conflict)
            let ledger = try #require(
                try json(
                    try await client.execute(uri: "/api/v1/organizations/\(city.district.id)/rectifications?state=checked_off", method: .get, headers: auth))
                    as? [String: Any])
            #expect(ledger["total"] as? Int == 1)
            let otherToken = try await apiToken(client, "other", "Lizhuang-2026")
            #expect(
                try await client.execute(uri: "/api/v1/backward/\(d.id)", method: .get, headers: [.authorization: "Bearer \(otherToken)"]).status == .notFound)
            // 抓书记: the district holds the branch's secretary accountable on the branch's page; her branch sees it, a member does not.
            let accountable = try await Self.post(
                client, district, "/organizations/\(city.village1.id)/secretary-reviews", [("kind", "accountability"), ("text", "整改进度滞后"), ("measure", "约谈提醒")])
            #expect(accountable.status == .seeOther)
            let ownPage = try await Self.page(client, secretary, "/organizations/\(city.village1.id)")
            #expect(ownPage.html.contains("书记职责任务") && ownPage.html.contains("整改进度滞后") && !ownPage.html.contains("secretary-review-form"))
            #expect(!(try await Self.page(client, plain, "/organizations/\(city.village1.id)").html.contains("整改进度滞后")))
            let selfReview = try await Self.post(
                client, secretary, "/organizations/\(city.village1.id)/secretary-reviews", [("kind", "performance"), ("rating", "good"), ("text", "自评")])
            #expect(selfReview.status == .forbidden)
            #expect(try await v.verifier.differences().isEmpty)
        }
    }

    @Test("领导干部在“我的联系点”进入示范点页面，勾选达到的标准申报；本支部党员看不到申报、命名后看得到；区委审批命名；区委安排城乡结对，双方记录帮扶，其他支部看不到也不能记录；接口同样可用")
    func demonstrationAndUrbanRural() async throws {
        try await withServer { client, v, city in
            let op = Caller.system()
            let organ = try await v.organizations.create(parentID: city.district.id, code: "D1A", name: "东区机关第一党支部", kind: .branch, sector: .organ, as: op)
            var draft = sampleMember("L001", name: "周领导")
            draft.categories.leadingCadre = true
            let leader = try await v.members.create(draft, organizationID: organ.id, as: op)
            _ = try await v.accounts.createUser(
                username: "zhou", displayName: "周领导", password: "Leader-ld-2026x", memberID: leader.id, grants: [(.leadingCadre, city.district.id)], as: op)
            _ = try await v.accounts.createUser(
                username: "district", displayName: "东区组织部", password: "Dong-qu-2026x", grants: [(.committeeStaff, city.district.id)], as: op)
            _ = try await v.accounts.createUser(
                username: "other", displayName: "李庄村书记", password: "Lizhuang-2026", grants: [(.branchSecretary, city.village2.id)], as: op)
            let m = try await v.members.create(sampleMember("SP01", name: "陈普通"), organizationID: city.village1.id, as: op)
            _ = try await v.accounts.createUser(
                username: "plain", displayName: "陈普通", password: "Chen-pt-2026x", memberID: m.id, grants: [(.member, city.village1.id)], as: op)
            try await v.leaderComments.addContact(organizationID: city.village1.id, memberNo: "L001", relation: .contactPoint, as: op)
            let zhou = try await logIn(client, "zhou", "Leader-ld-2026x")
            let district = try await logIn(client, "district", "Dong-qu-2026x")
            let other = try await logIn(client, "other", "Lizhuang-2026")
            let plain = try await logIn(client, "plain", "Chen-pt-2026x")
            let page = "/organizations/\(city.village1.id)/demonstration"

            let mine = try await Self.page(client, zhou, "/me/contacts")
            #expect(mine.html.contains("href=\"\(page)\"") && mine.html.contains("申报示范点"))
            let form = try await Self.page(client, zhou, page)
            #expect(form.html.contains("id=\"propose-form\"") && form.html.contains("群众反映好"))
            let empty = try await Self.post(client, zhou, page, [("note", "班子团结")])
            #expect(empty.status == .badRequest && String(buffer: empty.body).contains("请选择达到的示范点标准"))
            #expect(try await Self.post(client, zhou, page, [("criteria", "leadership"), ("criteria", "team"), ("note", "班子团结，党员带头")]).status == .seeOther)
            #expect(try await Self.page(client, zhou, page).html.contains("已申报"))
            let hidden = try await Self.page(client, plain, page)
            #expect(hidden.status == .ok && !hidden.html.contains("已申报") && !hidden.html.contains("propose-form") && hidden.html.contains("尚未申报示范点"))
            let desk = try await Self.page(client, district, page)
            #expect(desk.html.contains("id=\"decide-form\"") && desk.html.contains("领导班子好"))
            let id = try #require(try await v.demonstrations.board(organizationID: city.district.id, state: .proposed, as: op).rows.first?.id)
            #expect(try await Self.post(client, other, "/demonstration-points/\(id)/decision", [("decision", "approve")]).status == .notFound)
            #expect(
                try await Self.post(client, district, "/demonstration-points/\(id)/decision", [("decision", "approve"), ("note", "同意")]).status == .seeOther)
            let named = try await Self.page(client, plain, page)
            #expect(named.html.contains("class=\"state\">示范点<") && named.html.contains("周领导"))
            #expect(try await Self.page(client, district, "/organizations/\(city.district.id)/demonstration").html.contains("id=\"demonstration-total\">1<"))

            // 城乡结对: the district pairs the village with its organ's branch; both record help; another branch neither sees nor records.
            let ur = "/organizations/\(city.district.id)/urban-rural"
            let wrong = try await Self.post(client, district, ur, [("rural", "D1A"), ("city", "V1")])
            #expect(wrong.status == .badRequest && String(buffer: wrong.body).contains("农村一方"))
            #expect(try await Self.post(client, district, ur, [("rural", "V1"), ("city", "东区机关第一党支部")]).status == .seeOther)
            let pairing = try #require(try await v.urbanRural.board(organizationID: city.district.id, as: op).pairings.first)
            let help = try await Self.post(
                client, district, "/pairings/\(pairing.id)/help",
                [("kind", "funds"), ("heldOn", "2026-11-21"), ("content", "捐建文化广场"), ("amount", "50000"), ("back", "\(city.district.id)")])
            #expect(help.status == .seeOther && help.headers[.location] == ur)
            let shown = try await Self.page(client, district, ur)
            #expect(shown.html.contains("桃花村党支部") && shown.html.contains("东区机关第一党支部") && shown.html.contains("捐建文化广场") && shown.html.contains("50,000"))
            #expect(
                try await Self.post(client, other, "/pairings/\(pairing.id)/help", [("kind", "visit"), ("heldOn", "2026-06-01"), ("content", "看看")]).status
                    == .notFound)
            #expect(!(try await Self.page(client, other, "/organizations/\(city.village2.id)/urban-rural").html.contains("桃花村党支部")))

            // The JSON API: the desk, the pairing list, a refusal.
            let token = try await apiToken(client, "district", "Dong-qu-2026x")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let apiDesk = try #require(
                try json(try await client.execute(uri: "/api/v1/organizations/\(city.village1.id)/demonstration", method: .get, headers: auth))
                    as? [String: Any])
            #expect((apiDesk["records"] as? [[String: Any]])?.first?["state"] as? String == "approved")
            let pairs = try #require(
                try json(try await client.execute(uri: "/api/v1/organizations/\(city.district.id)/urban-rural-pairings", method: .get, headers: auth))
                    as? [[String: Any]])
            #expect(pairs.count == 1 && (pairs.first?["cities"] as? [Any])?.count == 1 && (pairs.first?["help"] as? [Any])?.count == 1)
            let again = try await client.execute(
                uri: "/api/v1/organizations/\(city.village1.id)/demonstration-points", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"criteria":["team"],"note":"再报"}"#))
            #expect(again.status == .conflict)
            let ended = try await client.execute(
                uri: "/api/v1/pairings/\(pairing.id)/end", method: .post, headers: auth, body: ByteBuffer(string: #"{"note":"结对期满"}"#))
            #expect(ended.status == .noContent)
            // The dashboard: visits for everyone who sees it; inspections and each child's support figures only for private readers.
            let me = Caller(
                userID: nil, username: "zhou", displayName: "周领导",
                scope: AccessScope(grants: [RoleGrant(role: .leadingCadre, organizationID: city.district.id, organizationPath: city.district.path)]),
                memberID: leader.id)
            _ = try await v.visits.record(
                organizationID: city.village1.id, leaderID: nil, visitedOn: v.time.today(), participants: "", examined: "看", problems: "", guidance: "抓好",
                solved: "", item: nil, as: me)
            let year = v.time.today().year
            let full = try await Self.page(client, district, "/organizations/\(city.district.id)/dashboard?year=\(year)")
            #expect(full.html.contains("id=\"card-visits\"") && full.html.contains("id=\"card-inspections\"") && full.html.contains("id=\"children-support\""))
            #expect(full.html.contains("id=\"quarter-chart\"") && full.html.contains("id=\"inspection-chart\"") && full.html.contains("联系点调研逐季度"))
            let branch = try await Self.page(client, plain, "/organizations/\(city.village1.id)/dashboard?year=\(year)")
            #expect(branch.status == .ok && branch.html.contains("id=\"card-visits\"") && !branch.html.contains("card-inspections"))
            #expect(!branch.html.contains("children-support") && !branch.html.contains("inspection-chart"))
            #expect(try await v.verifier.differences().isEmpty)
        }
    }
}
