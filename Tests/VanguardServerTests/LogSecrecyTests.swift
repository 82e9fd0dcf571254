import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import Testing
import VanguardCore
import VanguardServer
import VanguardStore
import VanguardTestSupport

/// Every line logged, kept in memory with its metadata, at every level.
final class LogCapture: LogHandler, @unchecked Sendable {
    private let lines = NIOLockedValueBox<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        lines.withLockedValue { $0.append("\(level) \(message) \(all)") }
    }

    var text: String { lines.withLockedValue { $0.joined(separator: "\n") } }
    var count: Int { lines.withLockedValue { $0.count } }
}

/// Issue 11, finding 7: credentials, cookies, tokens and ballot codes never reach a log, at any level.
@Suite("日志不含密码、令牌和评议码")
struct LogSecrecyTests {
    @Test("在 trace 级别下走一遍登录、接口、出错和投票：日志里没有密码、会话、令牌和评议码")
    func secretsNeverReachTheLog() async throws {
        let capture = LogCapture()
        var logger = Logger(label: "vanguard-test") { _ in capture }
        logger.logLevel = .trace
        let configuration = AppConfiguration(databaseURL: "unused", logLevel: .trace, ballotWaitSeconds: 0)
        try await withServer(configuration, logger: logger, over: .live) { client, v, city in
            let web = try await logIn(client, "secretary", "Peach-vil-2026")
            _ = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "username=secretary&password=Wrong-guess-77"))
            let token = try await apiToken(client, "secretary", "Peach-vil-2026")
            let auth: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json", .cookie: web.cookie]
            // Pages and API calls, good and bad, with the credentials attached.
            _ = try await client.execute(uri: "/", method: .get, headers: web.headers)
            _ = try await client.execute(uri: "/api/v1/me", method: .get, headers: auth)
            _ = try await client.execute(uri: "/api/v1/organizations/999999", method: .get, headers: auth)
            _ = try await client.execute(uri: "/api/v1/commitments", method: .post, headers: auth, body: ByteBuffer(string: #"{"kind":"nonsense"}"#))
            _ = try await client.execute(uri: "/api/v1/me/password", method: .post, headers: auth,
                body: ByteBuffer(string: #"{"current":"Peach-vil-2026","new":"Secret-new-2026"}"#))
            // A ballot, through the web page and the API.
            let opened = try await client.execute(
                uri: "/api/v1/organizations/\(city.village1.id)/evaluations", method: .post,
                headers: [.authorization: "Bearer \(try await apiToken(client, "secretary", "Secret-new-2026"))", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"title":"七一评议"}"#))
            let round = try #require((try json(opened) as? [String: Any])?["id"] as? Int)
            let fresh = try await apiToken(client, "secretary", "Secret-new-2026")
            let codes = try #require(
                try json(
                    try await client.execute(
                        uri: "/api/v1/evaluations/\(round)/codes", method: .post,
                        headers: [.authorization: "Bearer \(fresh)", .contentType: "application/json"], body: ByteBuffer(string: #"{"count":2}"#)))
                    as? [String])
            _ = try await client.execute(uri: "/v/\(codes[0])", method: .get)
            _ = try await client.execute(uri: "/v/\(codes[0])", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                body: ByteBuffer(string: "nothing=1"))
            _ = try await client.execute(uri: "/api/v1/public/ballots/\(codes[1])", method: .get)
            _ = try await client.execute(uri: "/api/v1/public/ballots/\(codes[1])", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"answers":[]}"#))
            _ = v
            let log = capture.text
            #expect(capture.count > 0)  // the server did log, at trace level
            let session = String(web.cookie.dropFirst("vanguard_session=".count))
            for secret in ["Peach-vil-2026", "Wrong-guess-77", "Secret-new-2026", session, web.csrf, token, fresh] + codes {
                #expect(!log.contains(secret), "a secret reached the log: \(secret.prefix(6))…")
            }
            #expect(!log.lowercased().contains("bearer "))
        }
    }
}
