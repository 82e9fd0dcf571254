import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("群众评议网页")
struct EvaluationPagesTests {
    @Test("书记发起评议、打印评议码；群众不登录用评议码评议，重复使用被拒；结束后结果冻结；乱猜评议码被限制")
    func ballotRoundOnThePages() async throws {
        try await withServer { client, v, city in
            let jia = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: city.village1.id, as: .system())
            // 甲 promised in public; the voter reads what before judging
            let promise = try await v.commitments.createForMember(
                jia.id, kind: .annual, year: 2026,
                items: [
                    CommitmentItemDraft(content: "帮助三户困难群众", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 31)!, expectedResult: "脱困")
                ],
                as: .system())
            for action in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(promise.id, action, as: .system()) }
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            let opened = try await client.execute(
                uri: "/organizations/\(city.village1.id)/evaluations", method: .post, headers: sec.formHeaders,
                body: ByteBuffer(string: "csrf=\(sec.csrf)&title=%E4%B8%8B%E5%8D%8A%E5%B9%B4%E8%AF%84%E8%AE%AE"))  // 下半年评议
            let roundURL = try #require(opened.headers[.location])
            let slips = String(
                buffer: try await client.execute(
                    uri: roundURL + "/codes", method: .post, headers: sec.formHeaders, body: ByteBuffer(string: "csrf=\(sec.csrf)&count=3")
                )
                .body)
            let codes = slips.components(separatedBy: "class=\"code\" translate=\"no\">").dropFirst().map { String($0.prefix(14)) }
            #expect(codes.count == 3 && slips.components(separatedBy: "<svg").count == 4)
            // each slip tells the voter what to do
            #expect(slips.components(separatedBy: "不记名，每个评议码只能投一次").count == 4)
            let code = codes[0].replacingOccurrences(of: "-", with: "")

            let ballot = String(buffer: try await client.execute(uri: "/v/\(code)", method: .get).body)
            #expect(ballot.contains("桃花村党支部") && ballot.contains("甲") && ballot.contains("基本满意"))
            #expect(ballot.contains("公开承诺：") && ballot.contains("帮助三户困难群众") && ballot.contains("时限 2026-12-31"))
            let targets = ballot.components(separatedBy: "name=\"answer").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            let body = Set(targets).map { "answer\($0)=satisfied" }.joined(separator: "&") + "&remark\(targets[0])=%E5%BE%88%E5%A5%BD"  // 很好
            let cast = try await client.execute(
                uri: "/v/\(code)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
            #expect(cast.status == .ok && String(buffer: cast.body).contains("谢谢您的评议") && String(buffer: cast.body).contains("至少9张"))
            // Looking the code up again tells nothing (whether it was used is the organizer's question); only a vote does.
            #expect(try await client.execute(uri: "/v/\(code)", method: .get).status == .ok)
            // While open, the organizer sees the turnout committed so far, never counts or remarks.
            let running = String(buffer: try await client.execute(uri: roundURL, method: .get, headers: sec.headers).body)
            #expect(running.contains("results-hidden") && !running.contains("很好"))
            let replay = try await client.execute(
                uri: "/v/\(code)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
            #expect(replay.status == .conflict && String(buffer: replay.body).contains("已经使用过"))

            // 重新打印: reloading the slips' address is the round page, which offers the batch again; the
            // reprint gives the same codes (used or not), is counted and audited, and a used code still cannot vote.
            #expect(try await client.execute(uri: roundURL + "/codes", method: .get, headers: sec.headers).headers[.location] == roundURL)
            let reprintURL = try #require(
                running.components(separatedBy: "action=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.first { $0.hasSuffix("/reprint") })
            let again = String(
                buffer: try await client.execute(uri: reprintURL, method: .post, headers: sec.formHeaders, body: ByteBuffer(string: "csrf=\(sec.csrf)")).body)
            #expect(again.components(separatedBy: "class=\"code\" translate=\"no\">").dropFirst().map { String($0.prefix(14)) } == codes)
            #expect(String(buffer: try await client.execute(uri: roundURL, method: .get, headers: sec.headers).body).contains("<td class=\"num\">1</td>"))
            let audit = try await v.audit.records(AuditFilter(actionPrefix: "evaluation.codes.reprint"), as: .system())
            #expect(audit.count == 1 && audit[0].entry.summary.contains("重新打印第"))
            let replayed = try await client.execute(
                uri: "/v/\(code)", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: body))
            #expect(replayed.status == .conflict)

            #expect(
                try await client.execute(uri: roundURL + "/close", method: .post, headers: sec.formHeaders, body: ByteBuffer(string: "csrf=\(sec.csrf)")).status
                    == .seeOther)
            let results = String(buffer: try await client.execute(uri: roundURL, method: .get, headers: sec.headers).body)
            #expect(results.contains("100.0%") && results.contains("很好") && results.contains("已结束"))
            let late = try await client.execute(uri: "/v/\(codes[1].replacingOccurrences(of: "-", with: ""))", method: .get)
            #expect(late.status == .conflict && String(buffer: late.body).contains("已经结束"))

            var last = HTTPResponse.Status.ok
            for i in 0..<21 { last = try await client.execute(uri: "/v/ZZZZZZZZZZ\(String(format: "%02d", i))", method: .get).status }
            #expect(last == .tooManyRequests)
        }
    }

    @Test("接口：发起评议、发放评议码、不登录投票（只能一次）、结束后冻结的满意率")
    func ballotRoundThroughTheAPI() async throws {
        try await withServer { client, v, city in
            let token = try await apiToken(client, "secretary", "Peach-vil-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
            let opened = try await client.execute(
                uri: "/api/v1/organizations/\(city.village1.id)/evaluations", method: .post, headers: auth, body: ByteBuffer(string: #"{"title":"七一评议"}"#))
            #expect(opened.status == .created)
            let round = try #require(try json(opened) as? [String: Any])
            let id = try #require(round["id"] as? Int)
            let codes = try #require(
                try json(
                    try await client.execute(uri: "/api/v1/evaluations/\(id)/codes", method: .post, headers: auth, body: ByteBuffer(string: #"{"count":2}"#)))
                    as? [String])
            #expect(codes.count == 2)
            let ballot = try #require(try json(try await client.execute(uri: "/api/v1/public/ballots/\(codes[0])", method: .get)) as? [String: Any])
            let target = try #require((ballot["targets"] as? [[String: Any]])?.first?["id"] as? Int)
            let vote = #"{"answers":[{"targetId":\#(target),"answer":"basically_satisfied","remark":"继续努力"}]}"#
            let plain: HTTPFields = [.contentType: "application/json"]
            // Fewer than k ballots: accepted and held until the close.
            #expect(
                try await client.execute(uri: "/api/v1/public/ballots/\(codes[0])", method: .post, headers: plain, body: ByteBuffer(string: vote)).status
                    == .accepted)
            #expect(try await client.execute(uri: "/api/v1/public/ballots/\(codes[0])", method: .get).status == .ok)
            let running = try #require(try json(try await client.execute(uri: "/api/v1/evaluations/\(id)", method: .get, headers: auth)) as? [String: Any])
            let hidden = try #require((running["results"] as? [[String: Any]])?.first)
            #expect(hidden["satisfactionRate"] == nil && (hidden["remarks"] as? [String] ?? []).isEmpty)
            #expect(
                try await client.execute(uri: "/api/v1/public/ballots/\(codes[0])", method: .post, headers: plain, body: ByteBuffer(string: vote)).status
                    == .conflict)
            #expect(try await client.execute(uri: "/api/v1/public/ballots/AAAABBBBCCCC", method: .get).status == .notFound)
            let closed = try #require(
                try json(try await client.execute(uri: "/api/v1/evaluations/\(id)/close", method: .post, headers: [.authorization: "Bearer \(token)"]))
                    as? [String: Any])
            let first = try #require((closed["results"] as? [[String: Any]])?.first)
            #expect(closed["open"] as? Bool == false && first["satisfactionRate"] as? Double == 1 && first["remarks"] as? [String] == ["继续努力"])
        }
    }
}
