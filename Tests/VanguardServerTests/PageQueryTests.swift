import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardServer
import VanguardStore
import VanguardTestSupport

/// 页面 = 模型 + 查询 + 视图: a page loads its model in one read transaction (a page that asked five
/// services would see five moments of the database, and pay five round trips on PostgreSQL).
@Suite("页面一次读取：网页的模型在一个读事务里取齐")
struct PageQueryTests {
    static let password = "Demo-key-2026"

    @Test(
        "以办公室、书记和党员身份打开每个网页GET路由：每页最多打开一个读事务（会话的读取除外）；组织页、党员页、承诺页、台账、统计、报表、认定、覆盖、积分、评分各正好一个",
        arguments: TestDatabase.enabled)
    func everyPageReadsOnce(_ database: TestDatabase) async throws {
        try await database.withVanguard { base in
            // given a small generated city over a database that counts transactions
            let configuration = AppConfiguration(databaseURL: "unused")
            let city = try await CountedCity.make(over: base, members: 1_000, password: Self.password, configuration: configuration)
            let (v, counting, samples) = (city.vanguard, city.counting, city.samples)
            let routes = city.getRoutes.filter { !$0.hasPrefix("/api/") }
            let organization = try #require(samples.instances(of: "/organizations/{id}").first)
            let main =
                [
                    organization, organization + "?page=2", try #require(samples.instances(of: "/members/{id}").first),
                    try #require(samples.instances(of: "/commitments/{id}").first),
                ] + ["ledger", "dashboard", "report", "determinations", "coverage", "points", "scoring"].map { organization + "/" + $0 }
            let app = try await buildApplication(configuration, vanguard: v)
            try await app.test(.router) { client in
                var pages = 0
                for who in ["admin", "secretary", "member"] {
                    let headers = try await logIn(client, who, Self.password).headers
                    func reads(_ uri: String) async throws -> (reads: Int, status: HTTPResponse.Status) {
                        let before = counting.reads
                        let response = try await client.execute(uri: uri, method: .get, headers: headers)
                        return (counting.reads - before, response.status)
                    }
                    // the session costs the same on every page: a page that reads nothing tells how much
                    let session = try await reads("/account/password").reads
                    // when every registered page is opened, its captures filled with real ids
                    for pattern in routes {
                        for uri in samples.instances(of: pattern) {
                            let (n, status) = try await reads(uri)
                            #expect(n - session <= 1, "\(who) \(uri) (\(status.code)) opened \(n - session) read transactions")
                            if status == .ok { pages += 1 }
                        }
                    }
                    // and the main pages each read exactly once (the office sees them all)
                    if who == "admin" {
                        for uri in main {
                            let (n, status) = try await reads(uri)
                            #expect(status == .ok && n - session == 1, "\(uri) (\(status.code)) opened \(n - session) read transactions")
                        }
                    }
                }
                #expect(pages > 100, "only \(pages) pages answered: the walk did not reach the pages")
            }
        }
    }
}
