import Foundation
import Logging
import SQLKit
import Testing
import VanguardCore
import VanguardTestSupport

@testable import VanguardStore

@Suite("测试数据库")
struct DatabaseSelectionTests {
    @Test("设置了 VANGUARD_TEST_POSTGRES_URL 时，存储测试也在 PostgreSQL 上运行；连不上就失败而不是跳过")
    func postgresRunsWhenConfigured() async throws {
        guard let url = TestDatabase.postgresURL else {
            #expect(TestDatabase.enabled == [.sqlite])
            return
        }
        #expect(TestDatabase.enabled == (TestDatabase.replicaURL == nil ? [.sqlite, .postgres] : [.sqlite, .postgres, .replica]))
        let backend = try await PostgresBackend.open(url: url, logger: Logger(label: "test"))
        let version = try await backend.read { db in try await db.raw("SHOW server_version").first(decodingColumn: "server_version", as: String.self) }
        try await backend.close()
        print("store tests run on SQLite and on PostgreSQL \(version ?? "?")")
        #expect(version != nil)
    }

    @Test("只读副本只能配合 PostgreSQL 主库；配置的副本若不是热备库（不在恢复中）则拒绝启动", .enabled(if: TestDatabase.postgresURL != nil))
    func replicaMustBeAStandby() async throws {
        let url = try #require(TestDatabase.postgresURL)
        await #expect(throws: StoreError.self) {
            _ = try await Vanguard.open(url: "sqlite:/tmp/never-\(UUID().uuidString).sqlite", readReplicaURL: url, logger: Logger(label: "test"))
        }
        // The primary named as its own replica: it answers, and it is not a standby.
        await #expect(throws: StoreError.self) { _ = try await PostgresBackend.open(url: url, replicaURL: url, logger: Logger(label: "test")) }
    }

    @Test("空字符（U+0000）越过请求检查到达 PostgreSQL 时，读写都得到指明原因的输入错误，而不是服务器错误", .enabled(if: TestDatabase.postgresURL != nil))
    func nulTextOnPostgres() async throws {
        let backend = try await PostgresBackend.open(url: try #require(TestDatabase.postgresURL), logger: Logger(label: "test"))
        for write in [true, false] {
            do {
                let body: @Sendable (any SQLDatabase) async throws -> Void = { db in try await db.raw("SELECT \(bind: "走访\u{0}困难群众") AS t").run() }
                try await write ? backend.write(body) : backend.read(body)
                Issue.record("PostgreSQL took a NUL character (write: \(write))")
            } catch let e as VanguardError {
                #expect(e.kind == .invalid && e.message.zh.contains("U+0000") && e.message.en.contains("U+0000"))
            } catch {
                try await backend.close()
                throw error
            }
        }
        try await backend.close()
    }

    @Test("数据库地址写错时给出明确的错误")
    func badURL() async throws {
        await #expect(throws: StoreError.self) { _ = try await Vanguard.open(url: "mysql://x", logger: Logger(label: "test")) }
    }
}
