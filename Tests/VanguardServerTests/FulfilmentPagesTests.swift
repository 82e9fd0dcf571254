import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("践诺与督促网页、接口")
struct FulfilmentPagesTests {
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("photo".utf8)

    /// A published commitment of a new member of 桃花村, and that member's web session.
    func published(_ client: any TestClientProtocol, _ v: Vanguard, _ city: SmallCity) async throws -> (CommitmentRecord, Session) {
        let m = try await v.members.create(sampleMember("W1", name: "冯娟"), organizationID: city.village1.id, as: .system())
        _ = try await v.accounts.createUser(
            username: "feng", displayName: "冯娟", password: "Party-mbr-2026", memberID: m.id, grants: [(.member, city.village1.id)], as: .system())
        let sec = caller(.branchSecretary, on: city.village1)
        let items = [
            CommitmentItemDraft(content: "修缮村道", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 20)!, expectedResult: "道路畅通"),
            CommitmentItemDraft(content: "走访五保户", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 30)!, expectedResult: "每月一次"),
        ]
        let c = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: items, as: sec)
        for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(c.id, a, as: sec) }
        return (try await v.commitments.get(c.id, as: sec), try await logIn(client, "feng", "Party-mbr-2026"))
    }

    func multipart(_ s: Session, fields: [(String, String)], files: [(String, [UInt8])]) -> (HTTPFields, ByteBuffer) {
        let boundary = "----vanguard-test-boundary"
        var body = ByteBuffer()
        for (k, v) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
        }
        for (name, bytes) in files {
            body.writeString(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[]\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        return ([.cookie: s.cookie, .contentType: "multipart/form-data; boundary=\(boundary)"], body)
    }

    @Test("党员在网页上报告进展并上传照片，兑现后公开栏显示进度；不合规的文件整份拒收")
    func progressWithPhotoOnThePage() async throws {
        try await withServer { client, v, city in
            let (c, me) = try await published(client, v, city)
            let url = "/commitments/\(c.id)"
            let page = String(buffer: try await client.execute(uri: url, method: .get, headers: me.headers).body)
            #expect(page.contains("报告践诺进展") && page.contains("id=\"progress-form\""))

            let (badHeaders, badBody) = multipart(
                me, fields: [("csrf", me.csrf), ("item", "1"), ("text", "完成"), ("fulfils", "1")], files: [("走访.jpg", Self.jpeg), ("tool.exe", [0x4D, 0x5A])])
            let bad = try await client.execute(uri: url + "/progress", method: .post, headers: badHeaders, body: badBody)
            #expect(bad.status == .badRequest && String(buffer: bad.body).contains("tool.exe"))
            #expect(try await v.fulfilment.progress(c.id, as: .system()).isEmpty)

            let (headers, body) = multipart(
                me, fields: [("csrf", me.csrf), ("item", "1"), ("text", "村道已修好"), ("fulfils", "1")], files: [("村道.jpg", Self.jpeg)])
            #expect(try await client.execute(uri: url + "/progress", method: .post, headers: headers, body: body).status == .seeOther)
            let after = String(buffer: try await client.execute(uri: url, method: .get, headers: me.headers).body)
            #expect(after.contains("村道已修好") && after.contains("践诺中") && after.contains("img class=\"evidence\""))
            let fileID = try #require(try await v.fulfilment.progress(c.id, as: .system()).first?.files.first?.id)
            let file = try await client.execute(uri: "/evidence/\(fileID)", method: .get, headers: me.headers)
            #expect(file.status == .ok && file.headers[.contentType] == "image/jpeg" && Array(buffer: file.body) == Self.jpeg)
            // Evidence is never public.
            #expect(try await client.execute(uri: "/evidence/\(fileID)", method: .get).status != .ok)
            let board = String(buffer: try await client.execute(uri: "/board/\(city.village1.id)", method: .get).body)
            #expect(board.contains("冯娟") && board.contains("1/2") && !board.contains("村道.jpg"))
        }
    }

    @Test("书记在全覆盖页记录免于承诺和支部大会，看到未承诺的党员；台账可筛选并导出")
    func coverageAndLedgerPages() async throws {
        try await withServer { client, v, city in
            let (c, _) = try await published(client, v, city)
            var old = sampleMember("R1", name: "老支书")
            old.categories.retired = true
            let retired = try await v.members.create(old, organizationID: city.village1.id, as: .system())
            _ = try await v.members.create(sampleMember("N1", name: "新党员"), organizationID: city.village1.id, as: .system())
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            let coverageURL = "/organizations/\(city.village1.id)/coverage"
            var page = String(buffer: try await client.execute(uri: coverageURL, method: .get, headers: sec.headers).body)
            #expect(page.contains("老支书") && page.contains("新党员") && page.contains("代为录入"))
            let exempt = "csrf=\(sec.csrf)&memberId=\(retired.id)&year=2026&reason=retired&consent=%E6%94%AF%E9%83%A8%E5%A4%A7%E4%BC%9A%E5%90%8C%E6%84%8F"
            #expect(
                try await client.execute(
                    uri: "/organizations/\(city.village1.id)/exemptions", method: .post, headers: sec.formHeaders, body: ByteBuffer(string: exempt)
                )
                .status == .seeOther)
            let meeting = "csrf=\(sec.csrf)&heldOn=2026-03-05&attendees=3&topic=%E5%85%AC%E5%BC%80%E6%89%BF%E8%AF%BA"
            #expect(
                try await client.execute(
                    uri: "/organizations/\(city.village1.id)/meetings", method: .post, headers: sec.formHeaders, body: ByteBuffer(string: meeting)
                )
                .status == .seeOther)
            page = String(buffer: try await client.execute(uri: coverageURL, method: .get, headers: sec.headers).body)
            #expect(page.contains("支部大会同意") && page.contains("公开承诺") && page.contains("id=\"exemptions\""))

            let ledger = String(
                buffer: try await client.execute(uri: "/organizations/\(city.village1.id)/ledger?year=2026&state=published", method: .get, headers: sec.headers)
                    .body)
            #expect(ledger.contains("冯娟") && ledger.contains("共 1"))
            let csv = try await client.execute(uri: "/organizations/\(city.village1.id)/ledger/export.csv?year=2026", method: .get, headers: sec.headers)
            #expect(csv.status == .ok && String(buffer: csv.body).contains("修缮村道"))
            let onBehalf = String(buffer: try await client.execute(uri: "/commitments/new?memberId=\(c.id + 100)", method: .get, headers: sec.headers).body)
            #expect(!onBehalf.contains("name=\"memberId\""))
        }
    }

    @Test("书记督促、提出整改要求，党员在提醒里看到并答复；公开栏可打印为海报，短链接指回公开栏")
    func urgeRectifyInboxPoster() async throws {
        try await withServer { client, v, city in
            let (c, me) = try await published(client, v, city)
            let sec = try await logIn(client, "secretary", "Peach-vil-2026")
            let url = "/commitments/\(c.id)"
            let urge = "csrf=\(sec.csrf)&note=%E8%AF%B7%E6%8A%93%E7%B4%A7"  // 请抓紧
            #expect(try await client.execute(uri: url + "/urge", method: .post, headers: sec.formHeaders, body: ByteBuffer(string: urge)).status == .seeOther)
            let rectify = "csrf=\(sec.csrf)&findings=%E5%86%85%E5%AE%B9%E7%A9%BA%E6%B3%9B&deadline=2026-12-31"  // 内容空泛
            #expect(
                try await client.execute(uri: url + "/rectify", method: .post, headers: sec.formHeaders, body: ByteBuffer(string: rectify)).status == .seeOther)
            let inbox = String(buffer: try await client.execute(uri: "/inbox", method: .get, headers: me.headers).body)
            #expect(inbox.contains("督促：请抓紧") && inbox.contains("整改要求（2026-12-31前）：内容空泛"))
            let detail = String(buffer: try await client.execute(uri: url, method: .get, headers: me.headers).body)
            let answerURL = try #require(detail.range(of: "/supervision/").map { r in "/supervision/" + detail[r.upperBound...].prefix { $0 != "\"" } })
            let answer = "csrf=\(me.csrf)&response=%E5%B7%B2%E7%BB%86%E5%8C%96"  // 已细化
            #expect(try await client.execute(uri: answerURL, method: .post, headers: me.formHeaders, body: ByteBuffer(string: answer)).status == .seeOther)
            let supervision = String(
                buffer: try await client.execute(uri: "/organizations/\(city.village1.id)/supervision", method: .get, headers: sec.headers).body)
            #expect(supervision.contains("内容空泛") && supervision.contains("已细化"))

            let poster = String(buffer: try await client.execute(uri: "/board/\(city.village1.id)/poster", method: .get).body)
            #expect(poster.contains("class=\"poster\"") && poster.contains("/b/\(city.village1.id)") && poster.contains("修缮村道"))
            let short = try await client.execute(uri: "/b/\(city.village1.id)", method: .get)
            #expect(short.status == .seeOther && short.headers[.location] == "/board/\(city.village1.id)")
            let letters = String(buffer: try await client.execute(uri: "/organizations/\(city.village1.id)/letters", method: .get, headers: sec.headers).body)
            #expect(letters.contains("公开承诺书") && letters.contains("冯娟"))
            #expect(try await client.execute(uri: "/organizations/\(city.village1.id)/letters", method: .get).status != .ok)
        }
    }

    @Test("公开栏只有已公开的承诺，没有草稿、退回的承诺和手机号；撤回的草稿仍在历史里")
    func boardShowsOnlyPublishedAndNothingPrivate() async throws {
        try await withServer { client, v, city in
            let (published, _) = try await published(client, v, city)
            let sec = caller(.branchSecretary, on: city.village1)
            let other = try await v.members.create(sampleMember("D1", name: "草稿人"), organizationID: city.village1.id, as: .system())
            let item = [
                CommitmentItemDraft(content: "尚未审核的事项", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 1)!, expectedResult: "x")
            ]
            let draft = try await v.commitments.createForMember(other.id, kind: .annual, year: 2026, items: item, as: sec)
            let returned = try await v.commitments.createForMember(other.id, kind: .immediate, year: 2026, items: item, as: sec)
            _ = try await v.commitments.act(returned.id, .submit, as: sec)
            _ = try await v.commitments.act(returned.id, .return, note: "请具体", as: sec)
            for uri in ["/board/\(city.village1.id)", "/board/\(city.village1.id)/poster", "/api/v1/public/organizations/\(city.village1.id)/board"] {
                let text = String(buffer: try await client.execute(uri: uri, method: .get).body)
                #expect(text.contains("修缮村道"), "\(uri)")
                #expect(!text.contains("尚未审核的事项") && !text.contains("草稿人") && !text.contains("13800138000") && !text.contains("请具体"), "\(uri)")
            }
            #expect(published.state == .published)
            let token = try await apiToken(client, "secretary", "Peach-vil-2026")
            let withdrawn = try await client.execute(uri: "/api/v1/commitments/\(draft.id)", method: .delete, headers: [.authorization: "Bearer \(token)"])
            let state = (try json(withdrawn) as? [String: Any])?["state"] as? String
            #expect(withdrawn.status == .ok && state == "withdrawn")
            #expect(try await v.commitments.history(draft.id, as: sec).last?.action == "withdraw")
        }
    }

    @Test("接口：报告进展（Base64佐证）、台账、全覆盖、提醒")
    func fulfilmentAPI() async throws {
        try await withServer { client, v, city in
            let (c, _) = try await published(client, v, city)
            let member = try await apiToken(client, "feng", "Party-mbr-2026")
            let request =
                #"{"itemPosition":2,"text":"已走访","fulfils":true,"files":[{"name":"a.jpg","contentBase64":"\#(Data(Self.jpeg).base64EncodedString())"}]}"#
            let reported = try await client.execute(
                uri: "/api/v1/commitments/\(c.id)/progress", method: .post, headers: [.authorization: "Bearer \(member)", .contentType: "application/json"],
                body: ByteBuffer(string: request))
            #expect(reported.status == .ok)
            let body = try #require(try json(reported) as? [String: Any])
            #expect(body["state"] as? String == "in_progress")
            let bad = try await client.execute(
                uri: "/api/v1/commitments/\(c.id)/progress", method: .post, headers: [.authorization: "Bearer \(member)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"text":"x","files":[{"name":"b.jpg","contentBase64":"TVo="}]}"#))
            #expect(bad.status == .badRequest)

            let admin = try await apiToken(client, "admin", "Office-key-2026")
            let ledger = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/ledger?year=2026&subject=member", method: .get, headers: [.authorization: "Bearer \(admin)"])
            #expect((try json(ledger) as? [String: Any])?["total"] as? Int == 1)
            let coverage = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/coverage?year=2026", method: .get, headers: [.authorization: "Bearer \(admin)"])
            let children = try #require((try json(coverage) as? [String: Any])?["children"] as? [[String: Any]])
            #expect(children.first { $0["organizationName"] as? String == "桃花村党支部" }?["committed"] as? Int == 1)
            let missingYear = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/coverage", method: .get, headers: [.authorization: "Bearer \(admin)"])
            #expect(missingYear.status == .badRequest)
            let inbox = try await client.execute(uri: "/api/v1/inbox", method: .get, headers: [.authorization: "Bearer \(member)"])
            #expect((try json(inbox) as? [[String: Any]])?.first?["kind"] as? String == "published")
        }
    }
}
