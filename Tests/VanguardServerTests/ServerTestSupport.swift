import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing
import VanguardCore
import VanguardServer
import VanguardStore
import VanguardTestSupport

/// Runs `body` against the real application (router, middleware, templates) over a fresh store
/// holding the small test city and a few accounts.
func withServer(
    // Voters are answered at once (pending until k ballots or the close), so tests do not wait for batches.
    _ configuration: AppConfiguration = AppConfiguration(databaseURL: "unused", ballotWaitSeconds: 0),
    logger: Logger? = nil,
    over testing: TestingSetup = .router,
    database: TestDatabase = .sqlite,
    _ body: @escaping @Sendable (any TestClientProtocol, Vanguard, SmallCity) async throws -> Void
) async throws {
    try await database.withVanguard { v in
        let city = try await SmallCity.make(v)
        _ = try await v.accounts.createUser(
            username: "admin", displayName: "管理员", password: "Office-key-2026", grants: [(.campaignOffice, city.city.id)], as: .system())
        _ = try await v.accounts.createUser(
            username: "secretary", displayName: "桃花村书记", password: "Peach-vil-2026", grants: [(.branchSecretary, city.village1.id)], as: .system())
        let app = try await buildApplication(configuration, vanguard: v, logger: logger)
        try await app.test(testing) { client in try await body(client, v, city) }
    }
}

extension String {
    /// The first `value="…"` of the hidden input with this name.
    func hiddenValue(_ name: String) -> String? {
        guard let r = range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = self[r.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// A logged-in browser: its session cookie and the page's CSRF token.
struct Session {
    let cookie: String
    let csrf: String

    var headers: HTTPFields { [.cookie: cookie] }
    var formHeaders: HTTPFields { [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"] }
}

func cookieValue(_ response: TestResponse, _ name: String) -> String? {
    for field in response.headers where field.name == .setCookie {
        let v = field.value
        if v.hasPrefix(name + "=") { return String(v.dropFirst(name.count + 1).prefix { $0 != ";" }) }
    }
    return nil
}

func logIn(_ client: any TestClientProtocol, _ username: String, _ password: String) async throws -> Session {
    let page = try await client.execute(uri: "/login", method: .get)
    let loginCSRF = try #require(String(buffer: page.body).hiddenValue("csrf"))
    let cookie = try #require(cookieValue(page, "vanguard_login_csrf"))
    let body = "csrf=\(loginCSRF)&username=\(username)&password=\(password)"
    let response = try await client.execute(
        uri: "/login", method: .post, headers: [.cookie: "vanguard_login_csrf=\(cookie)", .contentType: "application/x-www-form-urlencoded"],
        body: ByteBuffer(string: body))
    #expect(response.status == .seeOther)
    let session = try #require(cookieValue(response, "vanguard_session"))
    var home = try await client.execute(uri: "/", method: .get, headers: [.cookie: "vanguard_session=\(session)"])
    if home.status == .seeOther, let next = home.headers[.location] {  // an expired password: the password page
        home = try await client.execute(uri: next, method: .get, headers: [.cookie: "vanguard_session=\(session)"])
    }
    let csrf = try #require(String(buffer: home.body).hiddenValue("csrf"))
    return Session(cookie: "vanguard_session=\(session)", csrf: csrf)
}

func apiToken(_ client: any TestClientProtocol, _ username: String, _ password: String) async throws -> String {
    let response = try await client.execute(
        uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
        body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
    #expect(response.status == .ok)
    let json = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
    return try #require(json?["token"] as? String)
}

func json(_ response: TestResponse) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(buffer: response.body))
}
