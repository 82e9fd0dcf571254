import Foundation
import Logging
import NIOCore
import PostgresNIO
import SQLKit
import SQLiteNIO

/// One value of a bulk-loaded row.
public enum BulkValue: Sendable, Equatable {
    case text(String)
    case integer(Int64)
    case boolean(Bool)
    case null

    public static func text(_ s: String?) -> BulkValue { s.map { .text($0) } ?? .null }
    public static func integer(_ n: Int64?) -> BulkValue { n.map { .integer($0) } ?? .null }
}

/// 批量写入: many rows into one table inside the current write transaction, the fastest way each engine
/// offers: PostgreSQL's `COPY … FROM STDIN` (text format), SQLite multi-row `INSERT`s whose values are
/// bound straight to the statement. SQLKit's builder costs about as much as the insert itself at a
/// hundred thousand rows (it serializes each value through `Encodable`), so an import goes this way.
/// The rows are checked before (an importer's job); the database's own constraints still apply.
public enum BulkInsert {
    /// The write transaction's connection, set by the backend for the body of each `write`.
    enum Connection: Sendable {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }
    @TaskLocal static var connection: Connection?

    /// Inserts `rows` (each as long as `columns`) into `table`. `table` and `columns` are the caller's
    /// constants, never input.
    public static func rows(_ db: any SQLDatabase, into table: String, columns: [String], _ rows: [[BulkValue]]) async throws {
        guard !rows.isEmpty else { return }
        precondition(rows.allSatisfy { $0.count == columns.count })
        switch connection {
        case .sqlite(let c): try await sqlite(c, table, columns, rows)
        case .postgres(let c): try await copy(c, table, columns, rows)
        case nil: try await builder(db, table, columns, rows)
        }
    }

    /// SQLite: as many rows a statement as its 32,766 parameters allow.
    static func sqlite(_ c: SQLiteConnection, _ table: String, _ columns: [String], _ rows: [[BulkValue]]) async throws {
        let perStatement = max(1, 32_766 / columns.count)
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        var full: String?
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + perStatement)
            let sql: String
            if end - start == perStatement, let f = full {
                sql = f
            } else {
                sql = head + Array(repeating: tuple, count: end - start).joined(separator: ",")
                if end - start == perStatement { full = sql }
            }
            var binds: [SQLiteData] = []
            binds.reserveCapacity((end - start) * columns.count)
            for row in rows[start..<end] {
                for v in row {
                    switch v {
                    case .text(let s): binds.append(.text(s))
                    case .integer(let n): binds.append(.integer(Int(n)))
                    case .boolean(let b): binds.append(.integer(b ? 1 : 0))
                    case .null: binds.append(.null)
                    }
                }
            }
            _ = try await c.query(sql, binds)
            start = end
        }
    }

    /// PostgreSQL: one `COPY` streamed in chunks of about 1 MB.
    static func copy(_ c: PostgresConnection, _ table: String, _ columns: [String], _ rows: [[BulkValue]]) async throws {
        try await c.copyFrom(table: table, columns: columns, logger: Logger(label: "vanguard.bulk")) { writer in
            var buffer = ByteBuffer()
            buffer.reserveCapacity(1 << 20)
            for row in rows {
                for (i, v) in row.enumerated() {
                    if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
                    switch v {
                    case .text(let s): escape(s, into: &buffer)
                    case .integer(let n): buffer.writeString(String(n))
                    case .boolean(let b): buffer.writeInteger(b ? UInt8(ascii: "t") : UInt8(ascii: "f"))
                    case .null: buffer.writeStaticString("\\N")
                    }
                }
                buffer.writeInteger(UInt8(ascii: "\n"))
                if buffer.readableBytes >= 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
    }

    /// COPY's text format: backslash, tab, newline and carriage return escaped; the rest as UTF-8.
    static func escape(_ s: String, into buffer: inout ByteBuffer) {
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else {
            buffer.writeString(s)
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// Outside a backend's write (a test's own database): SQLKit, 400 rows a statement.
    static func builder(_ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[BulkValue]]) async throws {
        for start in stride(from: 0, to: rows.count, by: 400) {
            var insert = db.insert(into: table).columns(columns)
            for row in rows[start..<min(rows.count, start + 400)] {
                insert = insert.values(
                    row.map { v -> any SQLExpression in
                        switch v {
                        case .text(let s): SQLBind(s)
                        case .integer(let n): SQLBind(n)
                        case .boolean(let b): SQLLiteral.boolean(b)
                        case .null: SQLLiteral.null
                        }
                    })
            }
            try await insert.run()
        }
    }
}
