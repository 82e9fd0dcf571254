import Foundation
import SQLKit
import Testing
import VanguardStore
import VanguardTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// 读写分离: a request's reads go to the hot standby once it has replayed the request's (and its
/// client's) writes, everything else to the primary; a standby that goes away costs no read. Runs
/// against the primary and standby `.ci/run` starts (`.ci/pg-replica`).
@Suite(.serialized) struct ReadReplicaTests {
    static let configured = TestDatabase.enabled.contains(.replica)
    /// `.ci/pg-replica`, which stops and starts the standby.
    static let control = ProcessInfo.processInfo.environment["VANGUARD_TEST_REPLICA_CONTROL"].flatMap { $0.isEmpty ? nil : $0 }

    /// Whether the standby answered this read.
    static func onStandby(_ v: Vanguard) async throws -> Bool {
        try await v.backend.read { db in try await db.raw("SELECT pg_is_in_recovery() AS standby").first(decodingColumn: "standby", as: Bool.self) ?? false }
    }

    /// Waits (at most `seconds`) until a read of the current request is answered by the standby. The
    /// standby's replay may lag for minutes while the rest of the suite writes (and pauses up to
    /// `max_standby_streaming_delay` when a read on it conflicts with a dropped schema), so the wait is long.
    static func untilOnStandby(_ v: Vanguard, seconds: Int = 300) async throws -> Bool {
        for _ in 0..<(seconds * 10) {
            if try await onStandby(v) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Runs `pg-replica stop|start` and waits for it with `waitpid` (Foundation's `Process` did not
    /// notice the script end when run from a task, and the test hung).
    static func replica(_ command: String) async throws {
        let script = try #require(control)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(script), strdup(command), nil]
        defer { for a in argv { free(a) } }
        #expect(posix_spawn(&pid, script, nil, nil, argv, environ) == 0, "pg-replica \(command)")
        var status: Int32 = 0
        for _ in 0..<6000 {  // at most 5 minutes: a standby restarting under load replays what it missed first
            if waitpid(pid, &status, WNOHANG) == pid { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect(status == 0, "pg-replica \(command) exited with \(status)")
    }

    @Test("读写分离：请求的读取由只读副本回答，每次写入后立即读到自己的写入", .enabled(if: configured))
    func requestReadsGoToTheReplicaAndSeeTheirOwnWrites() async throws {
        try await TestDatabase.replica.withVanguard { v in
            // withVanguard runs the body as one request would: in a ReadRouting.
            try await v.backend.write { db in try await db.exec("CREATE TABLE probe (n INTEGER NOT NULL)") }
            #expect(try await Self.untilOnStandby(v))
            // Outside a request (the CLI, the sweeps): always the primary.
            #expect(try await ReadRouting.$current.withValue(nil) { try await Self.onStandby(v) } == false)
            // Read-your-writes, 200 times in a row: each read sees the write just before it, wherever it ran.
            var standby = 0
            for i in 1...200 {
                try await v.backend.write { db in try await db.raw("INSERT INTO probe (n) VALUES (\(bind: i))").run() }
                let (seen, onStandby) = try await v.backend.read { db in
                    (
                        try await db.raw("SELECT MAX(n) AS n FROM probe").first(decodingColumn: "n", as: Int.self),
                        try await db.raw("SELECT pg_is_in_recovery() AS s").first(decodingColumn: "s", as: Bool.self) ?? false
                    )
                }
                #expect(seen == i)
                if onStandby { standby += 1 }
            }
            // Another client whose last write the standby has not replayed (a position far ahead): the primary answers her.
            let ahead = ReadRouting(floor: WALPosition(1 << 62))
            #expect(try await ReadRouting.$current.withValue(ahead) { try await Self.onStandby(v) } == false)
            // A client with no write of her own reads from the standby.
            #expect(try await ReadRouting.$current.withValue(ReadRouting(floor: nil)) { try await Self.onStandby(v) })
            _ = standby  // how many the standby served depends on its replay delay: counted, not asserted
        }
    }

    @Test("只读副本中途停机：读取改由主库回答，一次也不失败；副本恢复后读取回到副本", .enabled(if: configured && control != nil))
    func aReplicaStoppedMidRunCostsNoRead() async throws {
        try await TestDatabase.replica.withVanguard { v in
            try await v.backend.write { db in try await db.exec("CREATE TABLE probe (n INTEGER NOT NULL)") }
            try await v.backend.write { db in try await db.raw("INSERT INTO probe (n) VALUES (1)").run() }
            #expect(try await Self.untilOnStandby(v))
            let stop = Date().addingTimeInterval(8)
            // Four readers read without pause while the standby is stopped and started again.
            let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var (primary, standby) = (0, 0)
                        while Date() < stop {
                            let (n, s) = try await v.backend.read { db in
                                (
                                    try await db.raw("SELECT MAX(n) AS n FROM probe").first(decodingColumn: "n", as: Int.self),
                                    try await db.raw("SELECT pg_is_in_recovery() AS s").first(decodingColumn: "s", as: Bool.self) ?? false
                                )
                            }
                            #expect(n == 1)
                            if s { standby += 1 } else { primary += 1 }
                        }
                        return (primary, standby)
                    }
                }
                // Two more read results of many rows, which arrive over many socket reads: the standby's shutdown closes
                // connections in the middle of them.
                for _ in 0..<2 {
                    group.addTask {
                        var (primary, standby) = (0, 0)
                        while Date() < stop {
                            let (rows, s) = try await v.backend.read { db in
                                (
                                    try await db.raw("SELECT g, repeat('先锋', 40) AS t FROM generate_series(1, 10000) AS g").all().count,
                                    try await db.raw("SELECT pg_is_in_recovery() AS s").first(decodingColumn: "s", as: Bool.self) ?? false
                                )
                            }
                            #expect(rows == 10000)
                            if s { standby += 1 } else { primary += 1 }
                        }
                        return (primary, standby)
                    }
                }
                try await Task.sleep(for: .seconds(1))
                try await Self.replica("stop")
                try await Task.sleep(for: .seconds(2))
                try await Self.replica("start")
                return try await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
            }
            #expect(counts.0 > 0, "the primary answered while the standby was down")
            #expect(counts.1 > 0, "the standby answered before it stopped")
            // Back: after its pause, reads return to the standby — once it has replayed the WAL written while it
            // was down (minutes, when the rest of the suite loads a province meanwhile).
            #expect(try await Self.untilOnStandby(v))
        }
    }
}
