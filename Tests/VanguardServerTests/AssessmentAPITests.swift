import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("点评、认定、积分、评分接口")
struct AssessmentAPITests {
    @Test("接口：书记的点评任务和点评，办公室看点评进度；组织认定改变建议须写理由；加减分由第二人审核；评分表打分、排名和导出")
    func assessmentThroughTheAPI() async throws {
        try await withServer { client, v, city in
            let a = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: city.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("B1", name: "乙"), organizationID: city.village1.id, as: .system())
            let secretary = try await apiToken(client, "secretary", "Peach-vil-2026")
            let admin = try await apiToken(client, "admin", "Office-key-2026")
            func call(_ uri: String, _ method: HTTPRequest.Method = .get, _ token: String, _ body: String? = nil) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1" + uri, method: method, headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                    body: body.map { ByteBuffer(string: $0) })
            }

            // 领导点评
            let duties = try #require(try json(try await call("/comments/duties?period=2026-H2", .get, secretary)) as? [[String: Any]])
            #expect(duties.compactMap { $0["subjectName"] as? String }.sorted() == ["乙", "甲"] && duties.allSatisfy { $0["comment"] == nil })
            let text = #""achievements":"带头办实事","problems":"学习不够","direction":"加强学习","grade":"excellent""#
            let written = try await call(
                "/comments", .post, secretary, #"{"period":"2026-H2","organizationId":\#(city.village1.id),"memberId":\#(a.id),\#(text)}"#)
            #expect(written.status == .created)
            #expect(
                try await call("/comments", .post, secretary, #"{"period":"2026-H3","organizationId":\#(city.village1.id),"memberId":\#(a.id),\#(text)}"#)
                    .status == .badRequest)
            let progress = try #require(
                try json(try await call("/organizations/\(city.village1.id)/comment-progress?period=2026-H2", .get, admin)) as? [String: Any])
            let rows = try #require(progress["rows"] as? [[String: Any]])
            let members = try #require(rows.first { $0["relation"] as? String == "branch_secretary" })
            #expect(members["expected"] as? Int == 2 && members["done"] as? Int == 1 && members["progress"] as? String == "due")

            // 组织认定
            let proposal = try #require(
                try json(try await call("/organizations/\(city.village1.id)/determination?year=2026&memberId=\(a.id)", .get, secretary)) as? [String: Any])
            // No commitment items due: the comment alone proposes no grade, so any decision needs a reason.
            #expect(proposal["commentGrade"] as? String == "excellent" && proposal["proposedGrade"] == nil && proposal["grade"] == nil)
            let override = #"{"year":2026,"memberId":\#(a.id),"grade":"qualified"}"#
            let refused = try await call("/organizations/\(city.village1.id)/determination", .post, secretary, override)
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("理由"))
            let decided = try await call(
                "/organizations/\(city.village1.id)/determination", .post, secretary,
                #"{"year":2026,"memberId":\#(a.id),"grade":"qualified","reason":"学习记录不全"}"#)
            #expect((try json(decided) as? [String: Any])?["grade"] as? String == "qualified")

            // 积分: the proposer cannot approve; the office can.
            let proposed = try #require(
                try json(try await call("/members/\(a.id)/points", .post, secretary, #"{"points":4,"reason":"帮扶困难户"}"#)) as? [String: Any])
            let entry = try #require(proposed["id"] as? Int)
            #expect(try await call("/point-entries/\(entry)/approve", .post, secretary).status == .forbidden)
            #expect(try await call("/point-entries/\(entry)/approve", .post, admin).status == .noContent)
            let ranking = try #require(try json(try await call("/organizations/\(city.village1.id)/points?year=2026", .get, secretary)) as? [[String: Any]])
            #expect(ranking.first?["name"] as? String == "甲" && ranking.first?["total"] as? Int == 9 && ranking.first?["rank"] as? Int == 1)
            let ledger = try #require(try json(try await call("/members/\(a.id)/points?year=2026", .get, secretary)) as? [String: Any])
            #expect((ledger["entries"] as? [[String: Any]])?.compactMap { $0["eventName"] as? String }.sorted() == ["支部加减分", "组织认定合格"])
            let settings = try #require(try json(try await call("/evaluation-settings?year=2026", .get, secretary)) as? [String: Any])
            #expect((settings["pointRules"] as? [[String: Any]])?.count == 8 && settings["fulfilmentWeight"] as? Double == 0.4)

            // 评分表
            let templates = try #require(try json(try await call("/scoring-templates", .get, secretary)) as? [[String: Any]])
            let template = try #require(templates.first?["id"] as? Int)
            let leaves = ["1.1": 8, "1.2": 4, "1.3": 4, "1.4": 4, "2.1": 10, "2.2": 9, "3.1": 10, "3.2": 10, "4.1": 10, "4.2": 10, "5.1": 10, "5.2": 5]
            let scores = leaves.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
            let sheet = try await call(
                "/organizations/\(city.village1.id)/scoring/\(template)/self_check", .put, secretary, #"{"year":2026,"scores":{\#(scores)}}"#)
            let final = (try json(sheet) as? [String: Any])?["final"] as? Double
            #expect(sheet.status == .ok && final == 94)
            #expect(
                try await call("/organizations/\(city.village1.id)/scoring/\(template)/assessment", .put, secretary, #"{"year":2026,"scores":{\#(scores)}}"#)
                    .status == .forbidden)
            let csv = try await call("/organizations/\(city.town.id)/scoring/\(template)/ranking?year=2026&format=csv", .get, admin)
            #expect(String(buffer: csv.body).contains("1,桃花村党支部,94,,,94,★★★★"))
        }
    }
}
