import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VanguardServer
import VanguardStore
import VanguardTestSupport

/// 读写分离 through the server: a request that wrote hands its WAL position back (cookie and
/// `Vanguard-LSN`), and the client's next request reads at least that far; hostile positions are ignored.
@Suite struct ReadReplicaServerTests {
    static let lsn = HTTPField.Name("Vanguard-LSN")!

    @Test("写入后的请求带回写入位置；下一次请求据此读到自己的写入；伪造的位置被忽略", .enabled(if: TestDatabase.enabled.contains(.replica)))
    func aWriteHandsBackItsPositionAndTheNextReadSeesIt() async throws {
        try await TestDatabase.replica.withVanguard { v in
            let city = try await SmallCity.make(v)
            _ = try await v.accounts.createUser(
                username: "admin", displayName: "管理员", password: "Office-key-2026", grants: [(.campaignOffice, city.city.id)], as: .system())
            let app = try await buildApplication(AppConfiguration(databaseURL: "unused"), vanguard: v)
            try await app.test(.router) { client in
                // Issuing a token writes its session: the answer names the position of that write.
                let issued = try await client.execute(
                    uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"username":"admin","password":"Office-key-2026"}"#))
                #expect(issued.status == .ok)
                let position = try #require(issued.headers[Self.lsn])
                #expect(WALPosition(Substring(position)) != nil)
                #expect(cookieValue(issued, "vanguard_lsn") == position)
                let token = try #require((try JSONSerialization.jsonObject(with: Data(buffer: issued.body)) as? [String: Any])?["token"] as? String)
                // The same client reads right after, carrying the position: it sees the new account's scope.
                let read = try await client.execute(
                    uri: "/api/v1/organizations/\(city.city.id)", method: .get, headers: [.authorization: "Bearer \(token)", Self.lsn: position])
                #expect(read.status == .ok)
                #expect(read.headers[Self.lsn] == nil)  // a read hands back nothing
                // Positions that are not `X/Y` hex, or too long, are ignored, not errors.
                for bad in ["zz/zz", "1/", String(repeating: "F", count: 5000), "FFFFFFFFF/0"] {
                    let r = try await client.execute(
                        uri: "/api/v1/organizations/\(city.city.id)", method: .get, headers: [.authorization: "Bearer \(token)", Self.lsn: bad])
                    #expect(r.status == .ok, "\(bad.prefix(20))")
                }
            }
        }
    }

    @Test("没有只读副本时，响应不带写入位置")
    func withoutAReplicaNothingIsHandedBack() async throws {
        try await withServer { client, _, _ in
            let issued = try await client.execute(
                uri: "/api/v1/auth/token", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"username":"admin","password":"Office-key-2026"}"#))
            #expect(issued.status == .ok)
            #expect(issued.headers[Self.lsn] == nil && cookieValue(issued, "vanguard_lsn") == nil)
        }
    }
}
