import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardCore
import VanguardStore
import VanguardTestSupport

@Suite("统计网页")
struct DashboardPagesTests {
    @Test("统计页：卡片、下级组织表（可排序、可下钻）、SVG 图表，导出的报表与计数一致")
    func dashboardAndReport() async throws {
        try await withServer { client, v, city in
            let secretary = caller(.branchSecretary, on: city.village1)
            let m = try await v.members.create(sampleMember("A1", name: "甲"), organizationID: city.village1.id, as: .system())
            let items = (1...4).map {
                CommitmentItemDraft(content: "第\($0)件", responsibility: "本人", deadline: CalendarDay(year: 2026, month: 12, day: 31)!, expectedResult: "办好")
            }
            let c = try await v.commitments.createForMember(m.id, kind: .annual, year: 2026, items: items, as: secretary)
            for a in [CommitmentAction.submit, .approve, .publish] { _ = try await v.commitments.act(c.id, a, as: secretary) }
            _ = try await v.fulfilment.report(c.id, itemPosition: 1, text: "完成", fulfils: true, files: [], as: secretary)
            let admin = try await logIn(client, "admin", "Office-key-2026")
            let page = String(
                buffer: try await client.execute(
                    uri: "/organizations/\(city.city.id)/dashboard?year=2026&sort=memberRate", method: .get, headers: admin.headers
                ).body)
            #expect(page.contains("id=\"card-member\"") && page.contains("25.0%") && page.contains("<svg") && page.contains("11月"))
            #expect(page.contains("id=\"as-of\"") && page.contains("截至 2026-11-21"))
            #expect(page.contains("/organizations/\(city.district.id)/dashboard?year=2026") && page.contains("中共东区委员会"))
            // Sorted by member fulfilment: the district with the commitment comes before the one without.
            #expect(page.range(of: "中共东区委员会")!.lowerBound < page.range(of: "中共西区委员会")!.lowerBound)
            let csv = String(
                buffer: try await client.execute(uri: "/organizations/\(city.city.id)/report?year=2026&format=csv", method: .get, headers: admin.headers).body)
            #expect(csv.contains("中共东区委员会,4,0,0,0,—,1,1,0,4,1,25.0%,—") && csv.contains("合计：中共测试市委员会,7,"), "\(csv)")
            let api = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/statistics?year=2026", method: .get,
                headers: [.authorization: "Bearer \(try await apiToken(client, "admin", "Office-key-2026"))"])
            let body = try #require(try json(api) as? [String: Any])
            let subtree = try #require(body["subtree"] as? [String: Any])
            #expect(subtree["memberItems"] as? Int == 4 && subtree["memberItemsFulfilled"] as? Int == 1 && (body["children"] as? [[String: Any]])?.count == 2)
            // 应承诺 and 覆盖率: one member, committed, nobody exempted.
            #expect(subtree["exemptMembers"] as? Int == 0 && subtree["coverageRate"] as? Double == 1.0)

            // The report page shows the file's table; a year outside the campaign's era is refused, naming it.
            let report = String(
                buffer: try await client.execute(uri: "/organizations/\(city.city.id)/report?year=2026", method: .get, headers: admin.headers).body)
            #expect(report.contains("<table class=\"grid\" id=\"report\">") && report.contains("<td>合计：中共测试市委员会</td>") && report.contains("format=xlsx"))
            // printed with a title naming the organization and year, and the date of compilation
            #expect(report.contains("中共测试市委员会 2026年创先争优统计</h1>") && report.contains("编制日期：2026-11-21"))
            // The file is named in Chinese (RFC 5987, with an ASCII fallback); counts are numbers, rates percentages.
            let xlsx = try await client.execute(uri: "/organizations/\(city.city.id)/report?year=2026&format=xlsx", method: .get, headers: admin.headers)
            let disposition = try #require(xlsx.headers[.contentDisposition])
            let encoded = try #require(disposition.components(separatedBy: "filename*=UTF-8''").last)
            #expect(disposition.hasPrefix("attachment; filename=\"export.xlsx\"; ") && encoded.hasPrefix("%E6%B5%8B"))
            #expect(encoded.removingPercentEncoding == "测试市2026年创先争优统计.xlsx")
            #expect(xlsx.headers[.contentLength] == String(xlsx.body.readableBytes))
            let rows = try SheetFile.rows(from: Data(buffer: xlsx.body))
            #expect(rows[0].first?.hasPrefix("中共测试市委员会 2026年创先争优统计（编制日期：2026-11-21）") == true && rows[1].first == "单位")
            #expect(rows.first { $0.first == "中共东区委员会" }?[11] == "0.25")
            let wrongYear = try await client.execute(uri: "/organizations/\(city.city.id)/report?year=1800", method: .get, headers: admin.headers)
            #expect(wrongYear.status == .badRequest && String(buffer: wrongYear.body).contains("2000 至 2100"))
            for (query, says) in [("year=abc", "年度须为数字：abc"), ("year=2026&format=pdf", "不支持的格式：pdf")] {
                let bad = try await client.execute(uri: "/organizations/\(city.city.id)/report?\(query)", method: .get, headers: admin.headers)
                #expect(bad.status == .badRequest && String(buffer: bad.body).contains(says), "\(query)")
            }
            let badDashboard = try await client.execute(uri: "/organizations/\(city.city.id)/dashboard?year=20x6", method: .get, headers: admin.headers)
            #expect(badDashboard.status == .badRequest)
            let wrongApiYear = try await client.execute(
                uri: "/api/v1/organizations/\(city.town.id)/statistics?year=20266", method: .get,
                headers: [.authorization: "Bearer \(try await apiToken(client, "admin", "Office-key-2026"))"])
            #expect(wrongApiYear.status == .badRequest)
        }
    }
}
