import Foundation
import Hummingbird
import HummingbirdTesting
import SQLKit
import Testing
import VanguardCore
import VanguardServer
import VanguardStore
import VanguardTestSupport

/// 读就是读: a GET never opens a write transaction (on SQLite that would take the one writer from
/// everyone), whoever asks and whatever it asks for; and the links pages show lead to routes that exist.
@Suite("读就是读：GET 不写数据库，链接都有路由（SQLite 与 PostgreSQL）")
struct ReadOnlyWalkTests {
    static let password = "Demo-key-2026"

    @Test(
        "在生成的小城市上，以办公室、书记、党员、领导干部和匿名身份走遍每个GET路由（页面与API）并顺着页面上的链接走：没有一个请求打开写事务，没有500；每个链接都指向已登记的路由，且不把人带到“没有权限”",
        arguments: TestDatabase.enabled)
    func everyGetIsARead(_ database: TestDatabase) async throws {
        try await database.withVanguard { base in
            // given a small generated city, served over a database that counts write transactions
            let configuration = AppConfiguration(databaseURL: "unused", ballotWaitSeconds: 0)
            let city = try await CountedCity.make(over: base, members: 4_000, password: Self.password, configuration: configuration)
            let (v, counting, routes, samples) = (city.vanguard, city.counting, city.getRoutes, city.samples)
            let app = try await buildApplication(configuration, vanguard: v)
            try await app.test(.router) { client in
                var walk = Walk(routes: routes, counting: counting)
                for who in ["admin", "secretary", "member", "cadre", nil] as [String?] {
                    var page: HTTPFields = [:]
                    var api: HTTPFields = [:]
                    if let who {
                        page = try await logIn(client, who, Self.password).headers
                        api = [.authorization: "Bearer \(try await apiToken(client, who, Self.password))"]
                    }
                    let label = who ?? "anonymous"
                    // when every registered GET route is asked for, its captures filled with real ids
                    for pattern in routes {
                        for uri in samples.instances(of: pattern) {
                            // API reads that need a subject or a year are given the secretary's branch and this year.
                            let api_ = uri.hasPrefix("/api/")
                            _ = try await walk.visit(client, api_ ? uri + samples.apiQuery : uri, as: label, headers: api_ ? api : page)
                        }
                    }
                    // and the links are followed from the home page (and, for anyone, from a public board)
                    try await walk.crawl(client, from: ["/"] + (who == nil ? samples.publicPages : []), as: label, headers: page)
                }
                // then nothing wrote, nothing failed, and every link has a route
                #expect(walk.writers.isEmpty, "GET requests that opened a write transaction: \(walk.writers)")
                #expect(walk.failures.isEmpty, "\(walk.failures)")
                #expect(walk.unrouted.isEmpty, "links to no registered route: \(walk.unrouted)")
                // The walk really walked: every logged-in reader got many pages and API answers, and followed many links.
                for who in ["admin", "secretary", "member", "cadre"] { #expect(walk.answered[who, default: 0] > 100, "\(who): \(walk.answered)") }
                #expect(walk.answered["anonymous", default: 0] >= 3 && walk.linksFollowed > 150, "\(walk.answered), links \(walk.linksFollowed)")
                print("读就是读: \(routes.count) GET routes, \(walk.visited) requests, \(walk.linksFollowed) links followed, 2xx: \(walk.answered)")
                print("slowest reads:", walk.slowest.sorted { $0.0 > $1.0 }.prefix(3).map { "\($0.1) \($0.0)" })
            }
        }
    }
}

/// A small generated city served over a database that counts its transactions: what the read tests walk.
struct CountedCity {
    let vanguard: Vanguard
    let counting: WriteCountingBackend
    /// The pattern of every registered GET route, pages and API.
    let getRoutes: [String]
    let samples: Samples

    static func make(over base: Vanguard, members: Int, password: String, configuration: AppConfiguration) async throws -> CountedCity {
        let counting = WriteCountingBackend(base.backend)
        let v = Vanguard(backend: counting, time: base.time)
        _ = try await DemoCity(memberTarget: members, small: true).generate(into: v, password: password)
        let routes = try await buildRouter(vanguard: v, configuration: configuration).routes.filter { $0.method == .get }.map(\.path.description)
        return CountedCity(vanguard: v, counting: counting, getRoutes: routes, samples: try await Samples.load(v))
    }
}

/// Real ids of the generated city to put into routes' captures.
struct Samples {
    var byCapture: [String: [String]] = [:]
    var publicPages: [String] = []
    var apiQuery = ""

    static func load(_ v: Vanguard) async throws -> Samples {
        try await v.backend.read { db in
            func ids(_ sql: SQLQueryString) async throws -> [String] {
                try await db.raw(sql).all(decodingColumn: "id", as: Int64.self).map(String.init)
            }
            let branch = try await ids(
                "SELECT g.organization_id AS id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary' AND g.role = 'branch_secretary'"
            )
            let root = try await ids("SELECT id FROM organizations WHERE parent_id IS NULL ORDER BY id LIMIT 1")
            let town = try await ids("SELECT parent_id AS id FROM organizations WHERE id = \(bind: Int64(branch.first ?? "0") ?? 0)")
            var s = Samples()
            s.byCapture["organizations"] = branch + root + town
            s.byCapture["members"] =
                try await ids("SELECT member_id AS id FROM users WHERE username = 'member'")
                + ids("SELECT id FROM members ORDER BY id LIMIT 1")
            s.byCapture["commitments"] =
                try await ids(
                    "SELECT c.id FROM commitments c JOIN users u ON u.member_id = c.member_id WHERE u.username = 'member' ORDER BY c.id LIMIT 1")
                + ids("SELECT id FROM commitments WHERE state IN ('published', 'in_progress', 'fulfilled') ORDER BY id LIMIT 1")
            s.byCapture["evaluations"] = try await ids("SELECT id FROM evaluation_rounds ORDER BY state, id LIMIT 2")
            s.byCapture["evidence"] = try await ids("SELECT id FROM evidence_files ORDER BY id LIMIT 1") + ["1"]
            s.byCapture["users"] = try await ids("SELECT id FROM users WHERE username IN ('secretary', 'member') ORDER BY id")
            s.byCapture["accounts"] = s.byCapture["users"]
            s.byCapture["board"] = branch
            s.byCapture["b"] = branch
            s.byCapture["campaigns"] = try await ids("SELECT id FROM campaigns ORDER BY id LIMIT 1")
            s.byCapture["leader-contacts"] = try await ids("SELECT id FROM leader_contacts ORDER BY id LIMIT 1")
            s.byCapture["{templateId}"] = try await ids("SELECT id FROM scoring_templates ORDER BY id LIMIT 1")
            s.byCapture["{year}"] = ["2026", "2025"]
            s.byCapture["{code}"] = ["ABCD2345EF"]
            s.byCapture["{kind}"] = ["organizations", "members"]
            s.byCapture["{file}"] = ["%E5%8F%B0%E8%B4%A6.xlsx", "x.csv"]
            s.apiQuery = "?organizationId=\(branch.first ?? "1")&year=2026&period=2026-H2&format=csv"
            s.publicPages = branch.map { "/board/\($0)" } + ["/v"]
            return s
        }
    }

    /// Up to three URIs of a route pattern ("/organizations/{id}/points"), one candidate per capture each.
    func instances(of pattern: String) -> [String] {
        let parts = pattern.split(separator: "/").map(String.init)
        guard !parts.contains(where: { $0.contains("*") }) else { return [] }
        var candidates: [[String]] = []
        for (i, part) in parts.enumerated() {
            if part.hasPrefix("{") {
                let byName = byCapture[part]
                let byResource = i > 0 ? byCapture[parts[i - 1]] : nil
                candidates.append((byName ?? byResource).flatMap { $0.isEmpty ? nil : $0 } ?? ["1"])
            } else {
                candidates.append([part])
            }
        }
        let n = min(3, candidates.map(\.count).max() ?? 1)
        return Array(Set((0..<n).map { k in "/" + candidates.map { $0[min(k, $0.count - 1)] }.joined(separator: "/") })).sorted()
    }
}

/// What walking the GET routes found.
struct Walk {
    let routes: [String]
    let counting: WriteCountingBackend
    var writers: [String] = []
    var failures: [String] = []
    var unrouted: Set<String> = []
    var visited = 0
    /// Answers with content (2xx) per reader: a walk of redirects and refusals would prove nothing.
    var answered: [String: Int] = [:]
    var linksFollowed = 0

    var slowest: [(Duration, String)] = []

    mutating func visit(_ client: any TestClientProtocol, _ uri: String, as who: String, headers: HTTPFields) async throws -> TestResponse {
        let before = counting.writes
        let start = ContinuousClock.now
        let response = try await client.execute(uri: uri, method: .get, headers: headers)
        slowest.append((ContinuousClock.now - start, "\(who) \(uri)"))
        visited += 1
        if response.status.code / 100 == 2 { answered[who, default: 0] += 1 }
        // A reader who is logged in is never sent to the login page: her session must hold through the walk.
        if who != "anonymous", response.headers[.location]?.hasPrefix("/login") == true { failures.append("\(who) GET \(uri): sent to log in") }
        if counting.writes != before { writers.append("\(who) GET \(uri): \(counting.writes - before)") }
        if response.status.code >= 500 { failures.append("\(who) GET \(uri): \(response.status.code)") }
        // A link or form address the model failed to give renders empty: the form would post to the page itself.
        if response.headers[.contentType]?.hasPrefix("text/html") == true, String(buffer: response.body).contains(/(href|action)=""/) {
            failures.append("\(who) GET \(uri): an empty link or form address")
        }
        return response
    }

    /// Follows the links of HTML pages from `start`, breadth first, a few pages of each shape.
    mutating func crawl(_ client: any TestClientProtocol, from start: [String], as who: String, headers: HTTPFields) async throws {
        var queue = start
        var seen = Set(start)
        var shapes: [String: Int] = [:]
        while !queue.isEmpty, seen.count < 300 {
            let uri = queue.removeFirst()
            let response = try await visit(client, uri, as: who, headers: headers)
            if response.status == .notFound { failures.append("\(who): link \(uri) is 404") }
            // A link shown to a role leads somewhere it may go (no 没有权限 behind a link it was offered).
            if response.status == .forbidden { failures.append("\(who): link \(uri) is 403") }
            guard response.headers[.contentType]?.hasPrefix("text/html") == true else { continue }
            let html = String(buffer: response.body)
            if html.contains("⟨") { failures.append("\(who): \(uri) shows a missing UI string (⟨key⟩)") }
            for link in Self.links(in: html) {
                let path = String(link.prefix { $0 != "?" })
                guard !path.hasPrefix("/static/") else { continue }
                if !routes.contains(where: { Self.matches(path, $0) }) { unrouted.insert(link) }
                let shape = link.replacing(/[0-9]+/, with: "N")
                guard seen.insert(link).inserted, shapes[shape, default: 0] < 2 else { continue }
                shapes[shape, default: 0] += 1
                linksFollowed += 1
                queue.append(link)
            }
        }
    }

    /// The site's own links of a page (`href="/…"`), without fragments, unescaped.
    static func links(in html: String) -> [String] {
        html.matches(of: /href="(\/[^"\/][^"]*|\/)"/).map { m in
            String(m.1).replacingOccurrences(of: "&amp;", with: "&").split(separator: "#", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        }.filter { !$0.isEmpty }
    }

    /// Whether a path fits a route pattern: literal segments equal, captures anything.
    static func matches(_ path: String, _ pattern: String) -> Bool {
        let a = path.split(separator: "/")
        let b = pattern.split(separator: "/")
        return a.count == b.count && zip(a, b).allSatisfy { $1.hasPrefix("{") || $0 == $1 }
    }
}
