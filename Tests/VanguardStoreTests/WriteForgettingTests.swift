import Foundation
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

    @Test("SQLite：计票写入之后 WAL 被清空，提交计数增加")
    func sqliteForgets() async throws {
        try await TestDatabase.sqlite.withVanguard { v in
            let backend = try #require(v.backend as? SQLiteBackend)
            try await backend.write { sql in try await sql.exec("CREATE TABLE wf_wal (id INTEGER PRIMARY KEY, t TEXT)") }
            let before = backend.committedWrites
            try await backend.writeForgetting { sql in try await sql.raw("INSERT INTO wf_wal (t) VALUES (\(bind: "票"))").run() }
            #expect(backend.committedWrites == before + 1)
            let wal = (try? FileManager.default.attributesOfItem(atPath: backend.path + "-wal")[.size] as? Int) ?? 0
            #expect(wal == 0)
        }
    }
}
