import Foundation
import Logging
import SQLKit
import Testing
import VanguardTestSupport

@testable import VanguardStore

/// The write a ballot batch takes (`writeForgetting`): on SQLite a connection of its own whose statements
/// run on one thread, prepared once; it must read and write exactly as the writer's own connection does.
@Suite("计票写入（SQLite 与 PostgreSQL）")
struct WriteForgettingTests {
    @Test("计票的写连接读写的值与普通写入一致：中文、极大与极小的整数、空值、小数，同一语句换值再用；出错时整批回滚", arguments: TestDatabase.enabled)
    func valuesAndRollback(db: TestDatabase) async throws {
        try await db.withVanguard { v in
            let backend = v.backend
            try await backend.write { sql in
                try await sql.exec("CREATE TABLE wf_values (id BIGINT PRIMARY KEY, name TEXT, n BIGINT, x DOUBLE PRECISION, note TEXT)")
            }
            let name = "先锋支部·第一党小组"
            let rows = try await backend.writeForgetting { sql in
                try await sql.raw(
                    "INSERT INTO wf_values (id, name, n, x, note) VALUES (\(bind: 1), \(bind: name), \(bind: Int64.max), \(bind: 0.25), \(bind: String?.none))"
                ).run()
                // The same statement again, with other values: a kept statement is bound afresh.
                try await sql.raw(
                    "INSERT INTO wf_values (id, name, n, x, note) VALUES (\(bind: 2), \(bind: "二"), \(bind: Int64.min), \(bind: -1.5), \(bind: "备注"))"
                ).run()
                return try await sql.raw("SELECT id, name, n, x, note FROM wf_values ORDER BY id").all()
            }
            #expect(rows.count == 2)
            #expect(try rows[0].decode(column: "name", as: String.self) == name)
            #expect(try rows[0].decode(column: "n", as: Int64.self) == Int64.max)
            #expect(try rows[0].decode(column: "x", as: Double.self) == 0.25)
            #expect(try rows[0].decodeNil(column: "note"))
            #expect(try rows[1].decode(column: "note", as: String?.self) == "备注")
            #expect(try rows[1].decode(column: "n", as: Int64.self) == Int64.min)
            #expect(!rows[0].contains(column: "missing"))
            #expect(throws: (any Error).self) { try rows[0].decode(column: "missing", as: String.self) }

            // A statement the database refuses (a duplicate key) after one it accepted: nothing of the batch stays.
            await #expect(throws: (any Error).self) {
                try await backend.writeForgetting { sql in
                    try await sql.raw("INSERT INTO wf_values (id, name) VALUES (\(bind: 3), \(bind: "三"))").run()
                    try await sql.raw("INSERT INTO wf_values (id, name) VALUES (\(bind: 1), \(bind: "重复"))").run()
                }
            }
            let after = try await backend.read { sql in try await sql.raw("SELECT COUNT(*) AS n FROM wf_values").first(decodingColumn: "n", as: Int.self) }
            #expect(after == 2)
            // And the writer goes on: the next write (either way) commits.
            try await backend.writeForgetting { sql in try await sql.raw("INSERT INTO wf_values (id, name) VALUES (\(bind: 3), \(bind: "三"))").run() }
            try await backend.write { sql in try await sql.raw("INSERT INTO wf_values (id, name) VALUES (\(bind: 4), \(bind: "四"))").run() }
            let names = try await backend.read { sql in try await sql.raw("SELECT name FROM wf_values ORDER BY id").all(decodingColumn: "name", as: String.self)
            }
            #expect(names == [name, "二", "三", "四"])
        }
    }

    @Test("SQLite：计票写入在自己的连接上（持久提交、外键、清零删除的页），WAL 随后被清空；保留的语句多于上限时照样正确；关闭后的计票写入报错而不挂起")
    func sqliteDirectConnection() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-test-" + UUID().uuidString)
        defer { try? FileManager.default.removeItem(at: dir) }
        let backend = try await SQLiteBackend.open(path: dir.appendingPathComponent("wf.sqlite").path, logger: Logger(label: "test"))
        try await backend.write { sql in try await sql.exec("CREATE TABLE wf_wal (id INTEGER PRIMARY KEY, t TEXT, ok BOOLEAN)") }
        let before = backend.committedWrites
        let (direct, settings, returned) = try await backend.writeForgetting { sql in
            let returned = try await sql.raw("INSERT INTO wf_wal (t, ok) VALUES (\(bind: "票"), \(bind: true)) RETURNING id, ok").first()
            var settings: [String] = []
            for pragma in ["synchronous", "foreign_keys", "secure_delete"] {
                settings.append(
                    try await sql.raw("PRAGMA \(unsafeRaw: pragma)").first().map { try $0.decode(column: pragma, as: Int.self) }.map(String.init) ?? "?")
            }
            return (sql is SQLiteDirectDatabase, settings, try returned.map { try $0.decode(column: "ok", as: Bool.self) })
        }
        #expect(direct)
        #expect(settings == ["2", "1", "1"])  // FULL, on, on
        #expect(returned == true)
        #expect(backend.committedWrites == before + 1)
        let wal = try FileManager.default.attributesOfItem(atPath: backend.path + "-wal")[.size] as? Int
        #expect(wal == 0)

        // More distinct statements than the connection keeps prepared: each still answers its own.
        let sums = try await backend.writeForgetting { sql in
            var out: [Int] = []
            for i in 0..<300 {
                out.append(try await sql.raw("SELECT \(unsafeRaw: String(i)) + \(bind: 1) AS n").first(decodingColumn: "n", as: Int.self) ?? -1)
            }
            return out
        }
        #expect(sums == Array(1...300))

        try await backend.close()
        await #expect(throws: (any Error).self) { try await backend.writeForgetting { sql in try await sql.exec("SELECT 1") } }
        await backend.forgetHistory()  // nothing to checkpoint on a closed database, and no hang
    }
}
