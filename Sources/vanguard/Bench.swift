import ArgumentParser
import Foundation
import Hummingbird
import Logging
import SQLKit
import ServiceLifecycle
import VanguardCore
import VanguardServer
import VanguardStore

/// `vanguard bench`: the performance figures of issue 5, each measured side by side with its baseline
/// in the same run, printed as JSON. Build with `-c release`; `--quick` is a smoke run for CI.
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "性能基准（请用 release 构建）/ Benchmarks, printed as JSON (build with -c release)")
    @Option(help: "city (the demo city, every key) or province (200,000 organizations, 3.5 million members, 10 million items: the roll-up keys)")
    var scale: String = "city"
    @Flag(help: "A quick smoke run with small numbers") var quick = false
    @Option(help: "Where to put the benchmark's database (default: a new temporary folder)") var dataDir: String?
    @Option(help: "--scale province only: an empty PostgreSQL database to fill instead of SQLite (postgres://…)") var databaseURL: String?
    @Option(help: "--scale province with --database-url: a hot standby of that database; the dashboard is read with and without it")
    var readReplica: String?
    @Option(help: "--scale city: a PostgreSQL database where the member import is measured against COPY (import_postgres_vs_copy_ratio)")
    var postgresURL: String?

    func run() async throws {
        guard scale == "city" || scale == "province" else { throw fail("--scale 只能是 city 或 province / --scale must be city or province") }
        guard databaseURL == nil || scale == "province" else { throw fail("--database-url 只用于 --scale province / --database-url is for --scale province") }
        guard readReplica == nil || databaseURL != nil else { throw fail("--read-replica 需要 --database-url / --read-replica needs --database-url") }
        let dir = dataDir ?? (NSTemporaryDirectory() + "vanguard-bench-\(UInt32.random(in: 0...UInt32.max))")
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { if dataDir == nil { try? FileManager.default.removeItem(atPath: dir) } }
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let vanguard = try await Vanguard.open(url: databaseURL ?? "sqlite:\(dir)/bench.sqlite", logger: logger)
        if scale == "province" {
            let out = try await province(vanguard, logger: logger)
            try await vanguard.close()
            return Self.print(out)
        }
        var out: [String: Double] = [:]

        // demo_seconds: the demo city, generated.
        var t = Date()
        _ = try await DemoCity(memberTarget: quick ? 20_000 : 114_000).generate(into: vanguard, password: "Load-run-2026")
        out["demo_seconds"] = Date().timeIntervalSince(t)
        Self.note("demo: \(out["demo_seconds"]!) s")

        // rollup_read_p99_us: one organization's figures, in-process; and the same figures by a subtree scan at the root.
        (out["rollup_read_p99_us"], out["rollup_vs_scan_ratio"]) = try await Self.rollups(vanguard, reads: quick ? 500 : 5000, scans: 5)
        Self.note("roll-ups: p99 \(out["rollup_read_p99_us"]!) µs, scan ratio \(out["rollup_vs_scan_ratio"]!)")

        // import_rows_per_s: members from a CSV through the importer, and sqlite3 .import of the same file into a bare table.
        let rows = quick ? 10_000 : 100_000
        let csv = try await Self.memberCSV(vanguard, rows: rows)
        let csvPath = dir + "/members.csv"
        try csv.write(to: URL(fileURLWithPath: csvPath))
        t = Date()
        let report = try await vanguard.spreadsheets.importFile(csv, kind: .members, as: .system("bench"))
        let importSeconds = Date().timeIntervalSince(t)
        guard report.problems.isEmpty, report.created == rows else { throw fail("导入失败 / import failed: \(report.problems.prefix(3))") }
        out["import_rows_per_s"] = Double(rows) / importSeconds
        if let sqliteSeconds = Self.sqlite3Import(csvPath, dir: dir) {
            out["import_vs_sqlite3_ratio"] = sqliteSeconds / importSeconds
        }
        Self.note("import: \(out["import_rows_per_s"]!) rows/s")
        if let postgresURL {
            (out["import_postgres_rows_per_s"], out["import_postgres_vs_copy_ratio"]) = try await Self.postgresImport(
                from: vanguard, url: postgresURL, csv: csv, csvPath: csvPath, rows: rows, logger: logger)
            Self.note("import into PostgreSQL: \(out["import_postgres_rows_per_s"]!) rows/s, \(out["import_postgres_vs_copy_ratio"]!) of COPY")
        }

        // ledger_export_rows_per_s: the whole city's ledger of the year (one row per item) written as XLSX, streamed to a file.
        t = Date()
        let ledger = try await vanguard.ledger.export(
            organizationID: 1, filter: LedgerFilter(year: vanguard.time.today().year), format: .xlsx, as: .system("bench"))
        let exportSeconds = Date().timeIntervalSince(t)
        out["ledger_export_rows_per_s"] = Double(ledger.rows) / exportSeconds
        out["ledger_export_rows"] = Double(ledger.rows)
        out["ledger_export_mb"] = Double(ledger.bytes) / 1_048_576
        try? FileManager.default.removeItem(at: ledger.url)
        Self.note("ledger export: \(ledger.rows) rows in \(exportSeconds) s, \(ledger.bytes / 1_048_576) MB")
        // What limits it: the same rows read alone, without writing a file.
        t = Date()
        let readRows = try await Self.ledgerReadAlone(vanguard)
        out["ledger_read_rows_per_s"] = Double(readRows) / Date().timeIntervalSince(t)

        // The server, in this process, on a free port: ballots, the trivial route, the public board.
        releaseFreedMemory()  // what the demo and the import left behind is not the server's
        let port = Int.random(in: 20_000...40_000)
        let app = try await buildApplication(AppConfiguration(port: port, databaseURL: "unused", logLevel: .warning), vanguard: vanguard)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        let client = BenchClient(port: UInt16(port))
        try await Self.waitUntilListening(client, tries: 50)
        let ballots = quick ? 2_000 : 60_000
        let (codes, target) = try await Self.round(vanguard, codes: ballots)
        let body = #"{"answers":[{"targetId":\#(target),"answer":"satisfied"}]}"#
        let connections = 32
        Self.note("ballots: casting \(ballots)")
        let cast = await client.measure(codes.map { .init(method: "POST", path: "/api/v1/public/ballots/\($0)", body: body) }, connections: connections)
        // Counted with their batch (204), or — the last few, fewer than k — held until the close (202).
        guard (cast.statuses[204] ?? 0) + (cast.statuses[202] ?? 0) == ballots else {
            throw fail("投票未全部成功 / ballots failed: \(cast.statuses), errors \(cast.errors)")
        }
        let counted = try await vanguard.massEvaluation.close(roundID: try await Self.lastRound(vanguard), as: .system()).first?.counts[.satisfied]
        guard counted == ballots else { throw fail("计数不符 / counted \(counted ?? 0) of \(ballots)") }
        // Durable ballots a second while voters keep coming: those answered `counted` (204), until the last
        // of them. The last few, fewer than k once the crowd stops, wait out the voter's timeout and are
        // answered `pending` (202, not yet durable, counted at the close above): a fixed wait, not a rate.
        let counting = Double(cast.statuses[204] ?? 0) / (cast.lastAnswer[204] ?? cast.seconds)
        out["ballots_per_s"] = counting
        out["ballots_pending_at_end"] = Double(cast.statuses[202] ?? 0)
        let hello = await client.measure(Array(repeating: .init(method: "GET", path: "/healthz", body: nil), count: ballots), connections: connections)
        out["ballots_vs_hello_ratio"] = counting / (Double(ballots) / hello.seconds)
        Self.note("ballots: \(out["ballots_per_s"]!)/s, hello \(Double(ballots) / hello.seconds)/s")

        let branch = try await vanguard.backend.read { db in
            try await db.raw("SELECT organization_id FROM commitments WHERE member_id IS NULL AND state = 'published' ORDER BY id LIMIT 1").first(
                decodingColumn: "organization_id", as: Int64.self) ?? 1
        }
        let board = await client.measure(
            Array(repeating: .init(method: "GET", path: "/board/\(branch)", body: nil), count: quick ? 2_000 : 30_000), connections: connections)
        out["board_rps"] = Double(board.latenciesMicros.count) / board.seconds
        out["board_p99_ms"] = BenchClient.percentile(board.latenciesMicros, 0.99) / 1000
        server.cancel()
        try await vanguard.close()

        // server_rss_mb: a server of its own, started on the city database as the bench's load left it, after
        // the same board load — this process still holds what generating and importing the city left behind.
        let own = try await Self.separateServer(
            database: "sqlite:\(dir)/bench.sqlite", port: port + 1,
            load: Array(repeating: .init(method: "GET", path: "/board/\(branch)", body: nil), count: quick ? 2_000 : 30_000), connections: connections)
        (out["server_rss_mb"], out["server_peak_rss_mb"]) = (own.rss, own.peak)
        Self.note("a server of its own: \(own.rss) MB resident, peak \(own.peak) MB")

        Self.print(out)
    }

    /// The city's ledger of the year read as the export reads it, the rows counted and dropped.
    static func ledgerReadAlone(_ vanguard: Vanguard) async throws -> Int {
        let filter = LedgerFilter(year: vanguard.time.today().year)
        let today = vanguard.time.today()
        return try await vanguard.backend.read { db in
            guard let root = try await OrganizationRepository.get(db, id: 1) else { return 0 }
            var rows = 0
            try await LedgerRepository.forEachExportChunk(db, under: root.path, filter: filter, today: today) { chunk in rows += chunk.count }
            return rows
        }
    }

    static func note(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    /// The figures as one JSON object, keys in order.
    static func print(_ out: [String: Double]) {
        let keys = out.keys.sorted()
        Swift.print("{\n" + keys.map { "  \"\($0)\": \(String(format: "%.2f", out[$0]!))" }.joined(separator: ",\n") + "\n}")
    }

    /// The p99 of reading a random organization's figures (µs), and how many times slower the root's
    /// figures are by a subtree scan than from its counters (medians); the two must agree.
    static func rollups(_ vanguard: Vanguard, reads: Int, scans: Int) async throws -> (Double, Double) {
        let year = vanguard.time.today().year
        let ids = try await vanguard.backend.read { db in try await db.raw("SELECT id FROM organizations").all(decodingColumn: "id", as: Int64.self) }
        var readMicros: [Double] = []
        for _ in 0..<reads {
            let id = ids.randomElement()!
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await vanguard.backend.read { db in try await StatsRepository.figures(db, organizationID: id, year: year) }
            readMicros.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000)
        }
        var ours: [Double] = []
        var scanNanos: [Double] = []
        for _ in 0..<scans {
            var t0 = DispatchTime.now().uptimeNanoseconds
            let fast = try await vanguard.backend.read { db in try await StatsRepository.figures(db, organizationID: 1, year: year).subtree }
            ours.append(Double(DispatchTime.now().uptimeNanoseconds - t0))
            t0 = DispatchTime.now().uptimeNanoseconds
            let scanned = try await vanguard.backend.read { db in try await Self.scan(db, year: year) }
            scanNanos.append(Double(DispatchTime.now().uptimeNanoseconds - t0))
            guard scanned == [fast.items("organization"), fast.itemsFulfilled("organization"), fast.items("member"), fast.itemsFulfilled("member")] else {
                throw fail("统计与逐条扫描不一致 / roll-up and scan disagree: \(scanned)")
            }
        }
        return (BenchClient.percentile(readMicros, 0.99), BenchClient.percentile(scanNanos, 0.5) / BenchClient.percentile(ours, 0.5))
    }

    /// The same figures as the root's roll-up, by scanning the subtree's items (what other systems do).
    static func scan(_ db: any SQLDatabase, year: Int) async throws -> [Int] {
        let made = SQLList(StatMetric.madeStates.map { SQLBind($0.rawValue) })
        var out = [0, 0, 0, 0]
        for row in try await db.raw(
            """
            SELECT c.subject_type, COUNT(*) AS n, SUM(CASE WHEN i.fulfilled THEN 1 ELSE 0 END) AS done
            FROM organizations o JOIN commitments c ON c.organization_id = o.id JOIN commitment_items i ON i.commitment_id = c.id
            WHERE o.path >= '/1/' AND o.path < '/1/~' AND c.year = \(bind: year) AND c.state IN (\(made)) GROUP BY c.subject_type
            """
        ).all() {
            let base = try row.decode(column: "subject_type", as: String.self) == "member" ? 2 : 0
            out[base] = try row.decode(column: "n", as: Int.self)
            out[base + 1] = try row.decode(column: "done", as: Int?.self) ?? 0
        }
        return out
    }

    static func memberCSV(_ vanguard: Vanguard, rows: Int) async throws -> Data {
        let codes = try await vanguard.backend.read { db in
            try await db.raw("SELECT code FROM organizations WHERE kind = 'branch' ORDER BY id").all(decodingColumn: "code", as: String.self)
        }
        var text = "党员编号,姓名,性别,出生日期,入党日期,所在组织编码\n"
        text.reserveCapacity(rows * 60)
        for i in 0..<rows {
            text += "B\(i),测试\(i % 1000),\(i % 2 == 0 ? "男" : "女"),1980-0\(1 + i % 9)-1\(i % 9),2005-07-01,\(codes[i % codes.count])\n"
        }
        return Data(text.utf8)
    }

    /// `sqlite3 .import` of the same CSV into a bare table, in seconds (nil when sqlite3 is missing).
    static func sqlite3Import(_ csv: String, dir: String) -> Double? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sqlite3", dir + "/bare.sqlite", "-cmd", ".mode csv", ".import \(csv) bare"]
        let t = Date()
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        return p.terminationStatus == 0 ? Date().timeIntervalSince(t) : nil
    }

    /// An open round on a branch with `codes` codes; returns the codes and the branch's target.
    static func round(_ vanguard: Vanguard, codes: Int) async throws -> ([String], Int64) {
        let branch = try await vanguard.backend.read { db in
            try await db.raw("SELECT id FROM organizations WHERE kind = 'branch' ORDER BY id DESC LIMIT 1").first(decodingColumn: "id", as: Int64.self)!
        }
        let r = try await vanguard.massEvaluation.open(organizationID: branch, title: "基准测试评议", as: .system("bench"))
        var out: [String] = []
        while out.count < codes {
            out += try await vanguard.massEvaluation.issueCodes(
                roundID: r.id, count: min(MassEvaluationService.maximumCodes, codes - out.count), as: .system("bench"))
        }
        return (out, r.targets[0].id)
    }

    static func lastRound(_ vanguard: Vanguard) async throws -> Int64 {
        try await vanguard.backend.read { db in try await db.raw("SELECT MAX(id) AS id FROM evaluation_rounds").first(decodingColumn: "id", as: Int64.self)! }
    }

    /// Starts `vanguard serve` on `database` in a process of its own, sends it `load`, and returns its
    /// resident and peak resident memory (MB) before stopping it.
    static func separateServer(database: String, port: Int, load: [BenchClient.Request], connections: Int) async throws -> (rss: Double, peak: Double) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe")  // this very binary, even if rebuilt meanwhile
        p.arguments = ["serve", "--database", database, "--host", "127.0.0.1", "--port", "\(port)", "--log-level", "warning"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        defer {
            p.terminate()
            p.waitUntilExit()
        }
        let client = BenchClient(port: UInt16(port))
        try await waitUntilListening(client, tries: 300) {
            guard p.isRunning else { throw fail("服务器未能启动 / the server did not start (exit \(p.terminationStatus))") }
        }
        let served = await client.measure(load, connections: connections)
        guard served.statuses[200] == load.count else { throw fail("服务器应答有误 / the server answered \(served.statuses), errors \(served.errors)") }
        let status = "/proc/\(p.processIdentifier)/status"
        let memory = (residentMegabytes(status, "VmRSS:"), residentMegabytes(status, "VmHWM:"))
        // Another program on the port would have answered instead: then ours has exited.
        guard p.isRunning, memory.0 > 0 else { throw fail("服务器已退出 / the server exited (port \(port) taken?)") }
        return memory
    }

    /// Waits, a tenth of a second at a time, until the server accepts a connection; `check` runs between tries.
    static func waitUntilListening(_ client: BenchClient, tries: Int, check: () throws -> Void = {}) async throws {
        for _ in 0..<tries {
            let fd = client.connect()
            if fd >= 0 {
                close(fd)
                return
            }
            try check()
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// A memory line of a `/proc/…/status` file, in MB.
    static func residentMegabytes(_ file: String, _ key: String) -> Double {
        guard let status = try? String(contentsOfFile: file, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) })
        else { return 0 }
        return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
}
