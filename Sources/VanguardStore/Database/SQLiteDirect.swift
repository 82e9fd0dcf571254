import Foundation
import Logging
import NIOCore
import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// 计票的写连接: a connection to the city's file whose statements run on the calling thread and stay
/// prepared (up to `kept`). SQLiteKit runs each statement on SQLiteNIO's thread pool and resumes the task
/// after it: two thread crossings per statement, and each statement parsed again. A batch of ballots is a
/// dozen small statements and its fsyncs, so those crossings were much of its time (docs/scaling.md).
/// It is the same SQLite library as SQLiteNIO's (its C target `VaporCSQLite`, not a declared product of
/// sqlite-nio: an update that renames it breaks this build, not the data): two copies of SQLite in one
/// process would not see each other's locks. Used only under the backend's write lock, by one task at a
/// time, on `SerialThread`. A row callback cannot run a statement (SQLKit's `onRow` is synchronous), so a
/// kept statement is never reset while it is being read.
final class SQLiteDirect: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    /// Statements kept at most (then all are let go): a batch's `IN (…)` lists make one text per batch
    /// size, and under load batches stay between k and the voters waiting (32 in the bench).
    private static let kept = 256

    init(path: String) throws {
        // SQLiteNIO's flags (SQLiteConnection.open), without CREATE: the writer made the file.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_URI | SQLITE_OPEN_EXRESCODE
        let ret = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard ret == SQLITE_OK else {
            let error = SQLiteDirectError(code: ret, message: handle.map { String(cString: sqlite_nio_sqlite3_errmsg($0)) } ?? "open failed")
            sqlite_nio_sqlite3_close(handle)
            throw error
        }
        // The writer's settings (SQLiteBackend.open): durable commits, foreign keys, zeroed free pages.
        do {
            for pragma in ["PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA secure_delete=ON"] { try run(pragma, []) { _ in } }
            setBusyTimeout(milliseconds: 10_000)
        } catch {
            close()
            throw error
        }
    }

    /// How long a statement waits for another connection's lock before failing with `SQLITE_BUSY`.
    func setBusyTimeout(milliseconds: Int32) {
        guard let handle else { return }
        sqlite_nio_sqlite3_busy_timeout(handle, milliseconds)
    }

    /// Runs one statement with its values bound, calling `onRow` for each row it returns.
    func run(_ sql: String, _ binds: [SQLiteData], _ onRow: (any SQLRow) throws -> Void) throws {
        guard handle != nil else { throw SQLiteDirectError(code: SQLITE_MISUSE, message: "the database is closed") }
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        for (i, value) in binds.enumerated() { try check(bind(value, at: Int32(i + 1), to: statement)) }
        let count = sqlite_nio_sqlite3_column_count(statement)
        var columns: SQLiteDirectRow.Columns?
        while true {
            let ret = sqlite_nio_sqlite3_step(statement)
            if ret == SQLITE_DONE { return }
            guard ret == SQLITE_ROW else { throw error(ret) }
            if columns == nil {
                let names = (0..<count).map { sqlite_nio_sqlite3_column_name(statement, $0).map { String(cString: $0) } ?? "" }
                columns = .init(names: names)
            }
            try onRow(SQLiteDirectRow(columns: columns!, values: (0..<count).map { value(statement, $0) }))
        }
    }

    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        sqlite_nio_sqlite3_close_v2(handle)
        handle = nil
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.kept {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements = [:]
        }
        var statement: OpaquePointer?
        let ret = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard ret == SQLITE_OK, let statement else { throw error(ret) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteData, at i: Int32, to statement: OpaquePointer) -> Int32 {
        switch value {
        case .integer(let n): sqlite_nio_sqlite3_bind_int64(statement, i, Int64(n))
        case .float(let x): sqlite_nio_sqlite3_bind_double(statement, i, x)
        case .text(let s): sqlite_nio_sqlite3_bind_text64(statement, i, s, UInt64(s.utf8.count), transient, UInt8(SQLITE_UTF8))
        case .blob(let b): b.withUnsafeReadableBytes { sqlite_nio_sqlite3_bind_blob64(statement, i, $0.baseAddress, UInt64($0.count), transient) }
        case .null: sqlite_nio_sqlite3_bind_null(statement, i)
        }
    }

    private func value(_ statement: OpaquePointer, _ i: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, i) {
        case SQLITE_INTEGER: return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, i)))
        case SQLITE_FLOAT: return .float(sqlite_nio_sqlite3_column_double(statement, i))
        case SQLITE_TEXT:
            // The pointer first, then its length (SQLite's documented order).
            guard let p = sqlite_nio_sqlite3_column_text(statement, i) else { return .text("") }
            let n = Int(sqlite_nio_sqlite3_column_bytes(statement, i))
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
        case SQLITE_BLOB:
            let p = sqlite_nio_sqlite3_column_blob(statement, i)
            let n = Int(sqlite_nio_sqlite3_column_bytes(statement, i))
            var buffer = ByteBufferAllocator().buffer(capacity: n)
            if let p { buffer.writeBytes(UnsafeRawBufferPointer(start: p, count: n)) }
            return .blob(buffer)
        default: return .null
        }
    }

    private func check(_ ret: Int32) throws {
        guard ret == SQLITE_OK else { throw error(ret) }
    }

    private func error(_ ret: Int32) -> SQLiteDirectError {
        SQLiteDirectError(code: ret, message: String(cString: sqlite_nio_sqlite3_errmsg(handle)))
    }

    /// SQLite copies a value bound with this destructor before the bind returns.
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

/// A statement SQLite refused, with its result code and message.
struct SQLiteDirectError: Error, CustomStringConvertible {
    let code: Int32
    let message: String
    var description: String { "SQLite error \(code): \(message)" }
}

/// `SQLiteDirect` as SQLKit's database: values encoded and rows decoded as SQLiteKit does, so
/// repositories read and write through it as through the writer's own connection.
struct SQLiteDirectDatabase: SQLDatabase {
    let connection: SQLiteDirect
    /// The writer's SQLiteKit database, for what SQLKit asks besides running statements.
    let base: any SQLDatabase

    var logger: Logger { base.logger }
    var eventLoop: any EventLoop { base.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { base.version }
    var dialect: any SQLDialect { base.dialect }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeCompletedFuture { try run(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    private func run(_ query: any SQLExpression, _ onRow: (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        let encoder = SQLiteDataEncoder()
        try connection.run(sql, try binds.map { try encoder.encode($0) }, onRow)
    }
}

/// One row of `SQLiteDirect`, decoded by SQLiteKit's decoder.
struct SQLiteDirectRow: SQLRow {
    final class Columns: Sendable {
        let names: [String]
        let index: [String: Int]
        init(names: [String]) {
            self.names = names
            self.index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }
    let columns: Columns
    let values: [SQLiteData]

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.index[column] != nil }
    /// As SQLiteKit's rows: a column that is not there decodes as nil.
    func decodeNil(column: String) throws -> Bool { (columns.index[column].map { values[$0] } ?? .null) == .null }
    func decode<D: Decodable>(column: String, as: D.Type) throws -> D { try SQLiteDataDecoder().decode(D.self, from: value(column)) }

    private func value(_ column: String) throws -> SQLiteData {
        // Not a DecodingError: that would reach the client as a malformed request, where a column the
        // code asks for and its query lacks is the server's fault (a 500, logged).
        guard let i = columns.index[column] else { throw SQLiteDirectError(code: SQLITE_ERROR, message: "no column named \(column)") }
        return values[i]
    }
}
