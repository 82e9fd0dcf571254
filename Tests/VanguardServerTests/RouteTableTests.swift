import Foundation
import Hummingbird
import Testing
import VanguardStore
import VanguardTestSupport

@testable import VanguardServer

/// 路由表: one table (`WebRoute`) registers every web route and builds every link; these tests hold the
/// router and the table together and keep hand-written paths out of the page code.
@Suite("路由表：登记路由和生成链接用同一张表")
struct RouteTableTests {
    @Test("路由器上的每个网页路由都在路由表里，表里的每条路由都已登记；表生成的链接填好参数并编码")
    func routerAndTableAgree() async throws {
        try await TestDatabase.sqlite.withVanguard { v in
            let registered = Set(
                try await buildRouter(vanguard: v).routes.map(\.path.description).filter { !$0.hasPrefix("/api/v1/") && $0 != "/api/v1" })
            let actions = registered.filter { $0.hasPrefix("/accounts/{id}/") }
            let table = Set(WebRoute.all.map { $0.path.description })
            #expect(
                registered.subtracting(actions) == table,
                "registered but not in the table: \(registered.subtracting(actions).subtracting(table)); in the table but not registered: \(table.subtracting(registered))"
            )
            #expect(table.count > 70 && !actions.isEmpty)
        }
        #expect(WebRoute.commitment.url(42) == "/commitments/42")
        #expect(WebRoute.pointDecision.url(7, "approve") == "/point-entries/7/approve")
        #expect(WebRoute.ballot.url("AB CD/../x?y") == "/v/AB%20CD%2F..%2Fx%3Fy")
        #expect(WebURL.ledgerExport(3, format: "xlsx", query: "year=2026") == "/organizations/3/ledger/export.xlsx?year=2026")
    }

    @Test("页面代码里没有手写的路径：链接都从路由表来（只许 /api/、/static/ 前缀判断和 Cookie 的 path）")
    func noHandWrittenPaths() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let allowed = [#"hasPrefix\("/(api|static)/[a-z0-9/]*"\)"#, #"path: "/","#, #"urlBasePath: "/static""#, #"URL\(string: "/api/v1"\)"#]
            .map { try! Regex($0) }
        var hits: [String] = []
        var scanned = 0
        // Every Swift file of the server but the route declarations (`WebURL.swift`, `<Name>Capability.swift`).
        let server = root.appendingPathComponent("Sources/VanguardServer")
        let files = (FileManager.default.enumerator(atPath: server.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".swift") && !$0.hasSuffix("/WebURL.swift") && !$0.hasSuffix("Capability.swift") }.sorted()
        for file in files {
            scanned += 1
            let text = try String(contentsOf: server.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                guard !line.trimmingCharacters(in: .whitespaces).hasPrefix("//"), line.contains(/"\/[a-z]?/) else { continue }
                var rest = String(line)
                for a in allowed { rest = rest.replacing(a, with: "") }
                if rest.contains(/"\/[a-z]/) { hits.append("\(file):\(n + 1): \(line.trimmingCharacters(in: .whitespaces))") }
            }
        }
        #expect(scanned > 60)
        #expect(hits.isEmpty, "paths written by hand (use WebRoute / WebURL): \(hits)")
    }

    @Test("模板不写站内路径（静态文件除外）：链接和表单地址都来自模型或路由表，按名字取的每个链接都存在")
    func templateLinksComeFromTheTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent("Sources/VanguardServer/Resources/templates")
        var literal: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".mustache") }).sorted() {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /(?:href|action|src)="(\/[^"]*)"/) where !m.1.hasPrefix("/static/") { literal.append("\(file): \(m.1)") }
        }
        #expect(literal.isEmpty, "paths written in templates (give the model a URL from WebRoute/WebURL): \(literal)")
        // Links the templates take from the route table by name: each name must exist (Mustache renders a missing one as "").
        let nav = Set(Mirror(reflecting: NavigationLinks.shared).children.compactMap(\.label))
        let org = Set(Mirror(reflecting: OrganizationLinks(1)).children.compactMap(\.label))
        var named = 0
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".mustache") }).sorted() {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            for m in text.matches(of: /\{\{frame\.(nav|org)\.([A-Za-z]+)\}\}/) {
                named += 1
                let known = m.1 == "nav" ? nav : org
                #expect(known.contains(String(m.2)), "\(file): frame.\(m.1).\(m.2) is no link of the table")
            }
        }
        #expect(named > 30)
    }
}
