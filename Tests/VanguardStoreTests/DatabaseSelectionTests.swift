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

    @Test("启动时没能问到的副本，第一次连上时再问：不是热备库就不再从它读取，读取由主库回答；启动后升级为主库的副本在读己所写的检查中被发现", .enabled(if: TestDatabase.postgresURL != nil))
    func replicaAskedWhenFirstReached() async throws {
        let url = try #require(TestDatabase.postgresURL)
        // A "replica" that could not be asked at start (its health as `open` leaves it then), and is the primary.
        let (client, runner) = try await PostgresBackend.started(PostgresBackend.configuration(url), logger: Logger(label: "test"))
        let replica = PostgresReplica(client: client, runner: runner, logger: Logger(label: "test"))
        let asked = Counter()
        @Sendable func read() async throws -> PostgresReplica.Served<Int?>? {
            try await replica.read(after: nil, begin: PostgresBackend.readOnly) { db in
                _ = asked.increment()
                return try await db.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self)
            }
        }
        // Under load a probe may not get a connection within its lease: the replica is then left alone 3 s.
        for _ in 0..<600 where !replica.isRefused {
            #expect(try await read() == nil, "a server that is not a standby answered a read")
            if !replica.isRefused { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(replica.isRefused)
        // And for good: after the time an unreachable replica is left alone, still no read goes to it.
        try await Task.sleep(for: .nanoseconds(PostgresReplica.downNanos + 100_000_000))
        #expect(try await read() == nil)
        #expect(replica.isRefused)
        #expect(asked.current == 0)
        // A standby promoted after the start (here: the primary taken for a standby) is found out by the next
        // read-your-writes check, and left.
        // Each attempt with a fresh replica, whose first read is a plain one (under load its lease may time out,
        // and a later read would be a probe, which asks anyway).
        var foundOut = false
        for _ in 0..<20 where !foundOut {
            let (pc, pr) = try await PostgresBackend.started(PostgresBackend.configuration(url), logger: Logger(label: "test"))
            let promoted = PostgresReplica(client: pc, runner: pr, logger: Logger(label: "test"))
            promoted.asked(standby: true)
            let served = try await promoted.read(after: WALPosition(1), begin: PostgresBackend.readOnly) { db in
                _ = asked.increment()
                return try await db.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self)
            }
            #expect(served == nil)
            foundOut = promoted.isRefused
            await promoted.close()
        }
        #expect(foundOut)
        #expect(asked.current == 0)
        // The standby does answer reads after the same first question.
        if let standbyURL = TestDatabase.replicaURL {
            let (c, r) = try await PostgresBackend.started(PostgresBackend.configuration(standbyURL), logger: Logger(label: "test"))
            let standby = PostgresReplica(client: c, runner: r, logger: Logger(label: "test"))
            var served: PostgresReplica.Served<Int?>?
            // ReadReplicaTests may have stopped the standby meanwhile, and it replays what it missed before it answers.
            for _ in 0..<3000 where served == nil {
                served = try await standby.read(after: nil, begin: PostgresBackend.readOnly) { db in
                    try await db.raw("SELECT 1 AS one").first(decodingColumn: "one", as: Int.self)
                }
                if served == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(served?.value == 1)
            await standby.close()
        }
        await replica.close()
    }

    @Test("启动时副本连不上：照常启动，请求的读取由主库回答", .enabled(if: TestDatabase.postgresURL != nil))
    func replicaDownAtStart() async throws {
        let url = try #require(TestDatabase.postgresURL)
        let started = ContinuousClock.now
        // Port 1 on this machine: nothing listens, the connection is refused.
        let backend = try await PostgresBackend.open(
            url: url, replicaURL: "postgres://vanguard:vanguard@127.0.0.1:1/vanguard_test", logger: Logger(label: "test"))
        print("opened with a replica that is down in \(ContinuousClock.now - started)")
        let standby = try await ReadRouting.$current.withValue(ReadRouting(floor: nil)) {
            try await backend.read { db in try await db.raw("SELECT pg_is_in_recovery() AS s").first(decodingColumn: "s", as: Bool.self) }
        }
        #expect(standby == false)
        try await backend.close()
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
