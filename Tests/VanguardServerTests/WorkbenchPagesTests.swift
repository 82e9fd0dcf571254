import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("工作台")
struct WorkbenchPagesTests {
    static let dec31 = CalendarDay(year: 2026, month: 12, day: 31)!

    /// A to-do of the workbench: its count and the list it links to.
    static func todo(_ html: String, _ id: String) -> (count: Int, url: String)? {
        guard let r = html.range(of: "id=\"\(id)\" href=\"") else { return nil }
        let rest = html[r.upperBound...]
        guard let end = rest.firstIndex(of: "\""), let c = rest.range(of: "<strong class=\"count\">"),
            let cEnd = rest[c.upperBound...].firstIndex(of: "<"), let n = Int(rest[c.upperBound..<cEnd])
        else { return nil }
        return (n, String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&"))
    }

    /// The ledger's "共 N".
    static func ledgerTotal(_ html: String) -> Int? {
        guard let r = html.range(of: "id=\"ledger-total\">") else { return nil }
        return Int(html[r.upperBound...].prefix { $0 != "<" }.split(separator: " ").last ?? "")
    }

    @Test("工作台的待审核、逾期数等于它链接的台账条数；上级审核的本级组织承诺不算在内")
    func countsMatchTheirLists() async throws {
        try await withServer { client, v, city in
            // given three member commitments submitted in 桃花村, one of them overdue later, and the village's own commitment submitted to the town
            let op = Caller.system()
            let items = [CommitmentItemDraft(content: "修缮村道", responsibility: "本人", deadline: Self.dec31, expectedResult: "道路畅通")]
            for (i, name) in ["冯娟", "周强", "吴敏"].enumerated() {
                let m = try await v.members.create(sampleMember("WB\(i)", name: name), organizationID: city.village1.id, as: op)
                let c = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: items, as: op)
                _ = try await v.commitments.act(c.id, .submit, as: op)
            }
            let own = try await v.commitments.createForOrganization(city.village1.id, kind: .annual, year: 2026, items: items, as: op)
            _ = try await v.commitments.act(own.id, .submit, as: op)

            // when the branch secretary opens her workbench
            let secretary = try await logIn(client, "secretary", "Peach-vil-2026")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: secretary.headers).body)
            #expect(home.contains("工作台") && home.contains("待审核承诺"))
            // then 待审核 counts the three she reviews, not the village's own (the town reviews it), and its link lists exactly them
            let review = try #require(Self.todo(home, "todo-review"), "\(home)")
            #expect(review.count == 3)
            let list = String(buffer: try await client.execute(uri: review.url, method: .get, headers: secretary.headers).body)
            #expect(Self.ledgerTotal(list) == 3 && list.contains("冯娟") && list.contains("吴敏"))
            // the JSON API gives the same to-dos, with the page each opens
            let api = try await client.execute(
                uri: "/api/v1/workbench", method: .get, headers: [.authorization: "Bearer \(try await apiToken(client, "secretary", "Peach-vil-2026"))"])
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: api.body)) as? [String: Any])
            let todos = try #require(body["todos"] as? [[String: Any]])
            let apiReview = try #require(todos.first { $0["key"] as? String == "awaiting_review" })
            #expect(apiReview["count"] as? Int == 3 && apiReview["link"] as? String == review.url && apiReview["name"] as? String == "待审核承诺")
            #expect((body["scopes"] as? [[String: Any]])?.first?["organizationId"] as? Int == Int(city.village1.id))

            // and the city office sees the village's own commitment too (the town, inside its scope, reviews it)
            let office = try await logIn(client, "admin", "Office-key-2026")
            let officeHome = String(buffer: try await client.execute(uri: "/", method: .get, headers: office.headers).body)
            let officeReview = try #require(Self.todo(officeHome, "todo-review"))
            #expect(officeReview.count == 4)
            let officeList = String(buffer: try await client.execute(uri: officeReview.url, method: .get, headers: office.headers).body)
            #expect(Self.ledgerTotal(officeList) == 4)
            // 逾期 links to the overdue list with the same count (none yet)
            let overdue = try #require(Self.todo(officeHome, "todo-overdue"))
            let overdueList = String(buffer: try await client.execute(uri: overdue.url, method: .get, headers: office.headers).body)
            #expect(overdue.count == 0 && Self.ledgerTotal(overdueList) == 0)
            // the office is no member: no 我的承诺 in its menu, no member to-dos
            #expect(!officeHome.contains("href=\"/commitments\"") && Self.todo(officeHome, "todo-mine-submit") == nil)
        }
    }

    @Test("党员的工作台：待提交、即将到期、未读提醒，各自链接到能看到它们的页面；不显示组织的待办")
    func memberWorkbench() async throws {
        try await withServer { client, v, city in
            let op = Caller.system()
            let m = try await v.members.create(sampleMember("WB9", name: "冯娟"), organizationID: city.village1.id, as: op)
            _ = try await v.accounts.createUser(
                username: "feng", displayName: "冯娟", password: "Party-mbr-2026", memberID: m.id, grants: [(.member, city.village1.id)], as: op)
            // a draft, and a published commitment with an item due in four days (2026-11-25; today is 2026-11-21)
            _ = try await v.commitments.createForMember(
                m.id, kind: .annual, year: 2026, items: [CommitmentItemDraft(content: "草稿", responsibility: "本人", deadline: Self.dec31, expectedResult: "好")],
                as: op)
            let soon = CalendarDay(year: 2026, month: 11, day: 25)!
            let live = try await v.commitments.createForMember(
                m.id, kind: .immediate, year: 2026,
                items: [CommitmentItemDraft(content: "帮扶困难户", responsibility: "本人", deadline: soon, expectedResult: "脱困")], as: op)
            for action in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(live.id, action, as: op) }

            let me = try await logIn(client, "feng", "Party-mbr-2026")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: me.headers).body)
            let submit = try #require(Self.todo(home, "todo-mine-submit"), "\(home)")
            let due = try #require(Self.todo(home, "todo-mine-due"))
            #expect(submit.count == 1 && due.count == 1 && submit.url == "/commitments")
            let mine = String(buffer: try await client.execute(uri: submit.url, method: .get, headers: me.headers).body)
            #expect(mine.contains("草稿") && mine.contains("已公开"))
            // a member reviews nothing and watches no organization's figures
            #expect(Self.todo(home, "todo-review") == nil && Self.todo(home, "todo-overdue") == nil && !home.contains("id=\"fig-members\""))
            #expect(Self.todo(home, "todo-unread") != nil)
        }
    }

    @Test("进行中的评议链接到本辖区所有进行中的评议，数目一致，表格有表头，评议期写作“2026年下半年”")
    func openRoundsMatch() async throws {
        try await withServer { client, v, city in
            _ = try await v.massEvaluation.open(organizationID: city.village1.id, title: "桃花村群众评议", as: .system())
            _ = try await v.massEvaluation.open(organizationID: city.community.id, title: "幸福社区群众评议", as: .system())
            let office = try await logIn(client, "admin", "Office-key-2026")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: office.headers).body)
            let rounds = try #require(Self.todo(home, "todo-rounds"))
            #expect(rounds.count == 2)
            let list = String(buffer: try await client.execute(uri: rounds.url, method: .get, headers: office.headers).body)
            #expect(list.contains("共 2") && list.contains("桃花村群众评议") && list.contains("幸福社区党委") && list.contains("<th>评议期</th>"))
            #expect(list.contains("2026年下半年") && !list.contains("2026-H2"))
        }
    }
}
