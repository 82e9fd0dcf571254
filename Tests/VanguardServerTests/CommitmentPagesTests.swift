import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("承诺网页")
struct CommitmentPagesTests {
    @Test("党员在网页上定诺并提交，书记在审诺台退回、再审核通过并公开")
    func draftReviewPublishOnPages() async throws {
        try await withServer { client, v, city in
            let m = try await v.members.create(sampleMember("W1", name: "冯娟"), organizationID: city.village1.id, as: .system())
            _ = try await v.accounts.createUser(
                username: "feng", displayName: "冯娟", password: "Party-mbr-2026", memberID: m.id, grants: [(.member, city.village1.id)], as: .system())
            let me = try await logIn(client, "feng", "Party-mbr-2026")
            let form = try await client.execute(uri: "/commitments", method: .get, headers: me.headers)
            let page = String(buffer: form.body)
            #expect(page.contains("填写承诺（定诺）") && page.contains("带头致富、带领群众共同致富") && page.contains("桃花村党支部"))
            // 定诺: one item filled in, two rows left empty
            let body =
                "csrf=\(me.csrf)&kind=annual&year=2026&placeId=\(city.village1.id)&content0=%E4%BF%AE%E7%BC%AE%E6%9D%91%E9%81%93&responsibility0=%E6%9C%AC%E4%BA%BA&deadline0=2026-12-20&expectedResult0=%E9%81%93%E8%B7%AF%E7%95%85%E9%80%9A"
            let created = try await client.execute(uri: "/commitments", method: .post, headers: me.formHeaders, body: ByteBuffer(string: body))
            #expect(created.status == .seeOther)
            let url = try #require(created.headers[.location])
            func act(_ s: Session, _ action: String, note: String = "") async throws -> HTTPResponse.Status {
                let detail = String(buffer: try await client.execute(uri: url, method: .get, headers: s.headers).body)
                let version = detail.hiddenValue("version") ?? "1"
                return try await client.execute(
                    uri: url + "/act", method: .post, headers: s.formHeaders,
                    body: ByteBuffer(string: "csrf=\(s.csrf)&action=\(action)&version=\(version)&note=\(note)")
                ).status
            }
            #expect(try await act(me, "submit") == .seeOther)
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            let queue = String(
                buffer: try await client.execute(uri: "/organizations/\(city.village1.id)/commitments", method: .get, headers: secretary.headers).body)
            #expect(queue.contains("冯娟") && queue.contains("待审核"))
            #expect(try await act(secretary, "return", note: "%E8%AF%B7%E5%86%99%E6%98%8E%E9%95%BF%E5%BA%A6") == .seeOther)  // 请写明长度
            let returned = String(buffer: try await client.execute(uri: url, method: .get, headers: me.headers).body)
            #expect(returned.contains("退回理由：请写明长度") && returned.contains("data-action=\"submit\"") && !returned.contains("data-action=\"approve\""))
            #expect(try await act(me, "submit") == .seeOther)
            #expect(try await act(secretary, "approve") == .seeOther)
            #expect(try await act(secretary, "publish") == .seeOther)
            let board = String(buffer: try await client.execute(uri: "/board/\(city.village1.id)", method: .get).body)
            #expect(board.contains("冯娟") && board.contains("修缮村道"))
            // the member cannot approve and may not act on what is the reviewer's
            #expect(try await act(me, "mark_overdue") == .forbidden)
        }
    }
}
