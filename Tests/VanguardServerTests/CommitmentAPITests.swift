import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("承诺接口与公开栏")
struct CommitmentAPITests {
    static let items = #"[{"content": "每月走访五户困难群众", "responsibility": "本人", "deadline": "2026-12-31", "expectedResult": "建立走访台账"}]"#

    @Test("一份党员承诺和一份组织承诺走完审诺和亮诺（含退回），公开栏无需登录且只显示公开的承诺")
    func walkThrough() async throws {
        try await withServer { client, v, city in
            let member = try await v.members.create(sampleMember("P1", name: "郑秀"), organizationID: city.village1.id, as: .system())
            let other = try await v.members.create(sampleMember("P2", name: "未公开"), organizationID: city.village1.id, as: .system())
            _ = try await v.accounts.createUser(
                username: "zheng", displayName: "郑秀", password: "Party-mbr-2026", memberID: member.id, grants: [(.member, city.village1.id)], as: .system())
            _ = try await v.accounts.createUser(
                username: "townstaff", displayName: "镇组织委员", password: "Town-staff-26", grants: [(.committeeStaff, city.town.id)], as: .system())
            let mine = try await apiToken(client, "zheng", "Party-mbr-2026")
            let secretary = try await apiToken(client, "secretary", "Peach-vil-2026")
            let town = try await apiToken(client, "townstaff", "Town-staff-26")
            func post(_ uri: String, _ token: String, _ body: String = "{}") async throws -> TestResponse {
                try await client.execute(
                    uri: uri, method: .post, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"], body: ByteBuffer(string: body))
            }
            // the member drafts, is returned with a reason, resubmits; the branch approves and publishes
            let created = try await post("/api/v1/commitments", mine, #"{"memberId": \#(member.id), "kind": "annual", "year": 2026, "items": \#(Self.items)}"#)
            #expect(created.status == .created)
            let id = try #require((try json(created) as? [String: Any])?["id"] as? Int)
            #expect(try await post("/api/v1/commitments/\(id)/publish", secretary).status == .conflict)
            #expect(try await post("/api/v1/commitments/\(id)/submit", mine).status == .ok)
            #expect(try await post("/api/v1/commitments/\(id)/return", secretary).status == .badRequest)
            let returned = try json(try await post("/api/v1/commitments/\(id)/return", secretary, #"{"note": "时限太宽，请细化到季度"}"#)) as? [String: Any]
            #expect(returned?["stateName"] as? String == "已退回" && returned?["returnReason"] as? String == "时限太宽，请细化到季度")
            for (action, token) in [("submit", mine), ("approve", secretary), ("publish", secretary)] {
                #expect(try await post("/api/v1/commitments/\(id)/\(action)", token).status == .ok, "\(action)")
            }
            // the branch's own commitment is reviewed by the town, not by the branch
            let org = try await post(
                "/api/v1/commitments", secretary, #"{"organizationId": \#(city.village1.id), "kind": "annual", "year": 2026, "items": \#(Self.items)}"#)
            let orgID = try #require((try json(org) as? [String: Any])?["id"] as? Int)
            #expect(try await post("/api/v1/commitments/\(orgID)/submit", secretary).status == .ok)
            #expect(try await post("/api/v1/commitments/\(orgID)/approve", secretary).status == .forbidden)
            #expect(try await post("/api/v1/commitments/\(orgID)/return", town, #"{"note": "请对照领域重点补充"}"#).status == .ok)
            for (action, token) in [("submit", secretary), ("approve", town), ("publish", town)] {
                #expect(try await post("/api/v1/commitments/\(orgID)/\(action)", token).status == .ok, "org \(action)")
            }
            // a draft that stays private
            let draft = try await v.commitments.createForMember(
                other.id, kind: .annual, year: 2026,
                items: [
                    CommitmentItemDraft(content: "草稿内容", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 1)!, expectedResult: "草稿")
                ], as: .system())
            let history =
                try json(try await client.execute(uri: "/api/v1/commitments/\(id)/history", method: .get, headers: [.authorization: "Bearer \(secretary)"]))
                as? [[String: Any]]
            #expect(history?.map { $0["action"] as? String } == ["create", "submit", "return", "submit", "approve", "publish"])
            // anyone, without logging in
            let board = try await client.execute(uri: "/api/v1/public/organizations/\(city.village1.id)/board", method: .get)
            #expect(board.status == .ok)
            let commitments = (try json(board) as? [String: Any])?["commitments"] as? [[String: Any]]
            #expect(commitments?.count == 2 && commitments?.first?["memberName"] == nil && commitments?.last?["memberName"] as? String == "郑秀")
            let page = try await client.execute(uri: "/board/\(city.village1.id)", method: .get)
            let html = String(buffer: page.body)
            #expect(page.status == .ok && html.contains("郑秀") && html.contains("每月走访五户困难群众") && html.contains("公开承诺栏"))
            #expect(!html.contains("未公开") && !html.contains("草稿内容") && !html.contains("13800138000"))
            #expect(try await client.execute(uri: "/board/999999", method: .get).status == .notFound)
            // The page is kept for the next visitor, but a write shows at once: the draft, published now, is on it.
            #expect(String(buffer: try await client.execute(uri: "/board/\(city.village1.id)", method: .get).body) == html)
            for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(draft.id, a, as: .system()) }
            #expect(String(buffer: try await client.execute(uri: "/board/\(city.village1.id)", method: .get).body).contains("草稿内容"))
        }
    }

    @Test("其他支部的党员看不到也不能操作本支部的草稿（404）")
    func otherBranchSeesNothing() async throws {
        try await withServer { client, v, city in
            let a = try await v.members.create(sampleMember("A1"), organizationID: city.village1.id, as: .system())
            let b = try await v.members.create(sampleMember("B1"), organizationID: city.village2.id, as: .system())
            _ = try await v.accounts.createUser(
                username: "outsider", displayName: "外支部党员", password: "Party-mbr-2026", memberID: b.id, grants: [(.member, city.village2.id)], as: .system())
            let draft = try await v.commitments.createForMember(
                a.id, kind: .annual, year: 2026,
                items: [
                    CommitmentItemDraft(content: "内容", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 1)!, expectedResult: "结果")
                ], as: .system())
            let token = try await apiToken(client, "outsider", "Party-mbr-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            #expect(try await client.execute(uri: "/api/v1/commitments/\(draft.id)", method: .get, headers: auth).status == .notFound)
            #expect(
                try await client.execute(uri: "/api/v1/commitments/\(draft.id)/submit", method: .post, headers: auth, body: ByteBuffer(string: "{}")).status
                    == .notFound)
            #expect(try await client.execute(uri: "/api/v1/commitments/\(draft.id)/history", method: .get, headers: auth).status == .notFound)
            #expect(try await v.commitments.get(draft.id, as: .system()).state == .draft)
        }
    }
}
