import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import SQLKit
import SQLiteKit
import SQLiteNIO

/// The embedded database of a city: one file, WAL, `synchronous=FULL`, foreign keys on.
/// One writer connection (writes queue on a lock, each `BEGIN IMMEDIATE … COMMIT`), a second one for
/// ballot batches under the same lock (`writeForgetting`), and a few reader connections that read the
/// last committed state while a write is under way.
public final class SQLiteBackend: DatabaseBackend {
    public let engine = DatabaseEngine.sqlite
    public let path: String
    private let writer: SQLiteConnection
    private let readers: [SQLiteConnection]
    /// The ballot batches' writer (`writeForgetting`), on a thread of its own.
    private let direct: SQLiteDirect
    private let directThread = SerialThread(name: "vanguard-sqlite-writer")
    private let fileLock: DatabaseLock
    private let writeLock = AsyncLock()
    private let next = Counter()
    private let commits = Counter()
    public var committedWrites: Int { commits.current }

    private init(path: String, writer: SQLiteConnection, readers: [SQLiteConnection], direct: SQLiteDirect, fileLock: DatabaseLock) {
        self.path = path
        self.writer = writer
        self.readers = readers
        self.direct = direct
        self.fileLock = fileLock
    }

    public static func open(path: String, readers: Int = 4, logger: Logger) async throws -> SQLiteBackend {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let fileLock = try DatabaseLock.take(.shared, databasePath: path)  // a restore waits for us to close
        var opened: [SQLiteConnection] = []
        let direct: SQLiteDirect
        do {
            let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
            opened.append(writer)
            // secure_delete: freed pages and deleted rows are overwritten with zeros, so a copy of the file
            // holds no earlier version of a ballot counter or remark pool (issue 11).
            for pragma in [
                "PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA secure_delete=ON",
            ] {
                try await writer.sql().exec(pragma)
            }
            for _ in 0..<max(1, readers) {
                let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                opened.append(reader)
                for pragma in ["PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=10000", "PRAGMA query_only=ON"] {
                    try await reader.sql().exec(pragma)
                }
            }
            direct = try SQLiteDirect(path: path)
        } catch {
            // A file that is not a database fails on the first pragma: close what was opened.
            for connection in opened { try? await connection.close() }
            fileLock.release()
            throw error
        }
        return SQLiteBackend(path: path, writer: opened[0], readers: Array(opened.dropFirst()), direct: direct, fileLock: fileLock)
    }

    /// A read runs on one of the `query_only` readers, shared round robin, without `BEGIN`: each statement
    /// sees the latest commit (WAL). Holding a reader for a whole read transaction cost a one-statement
    /// read (the roll-up) three times its p99 in the bench — two more trips through SQLiteNIO's thread
    /// pool and the wait for a free reader — so a page read while the one writer commits may combine
    /// two neighbouring commits; PostgreSQL, with many writers, reads one snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let reader = readers[next.increment() % readers.count]
        return try await body(reader.sql())
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await writeLock.lock()
        let db = writer.sql()
        do {
            try await db.exec("BEGIN IMMEDIATE")
            let result = try await BulkInsert.$connection.withValue(.sqlite(writer)) { try await body(db) }
            try await db.exec("COMMIT")
            _ = commits.increment()
            await writeLock.unlock()
            return result
        } catch {
            try? await db.exec("ROLLBACK")
            await writeLock.unlock()
            throw error
        }
    }

    /// A write whose order must not be kept, then `forgetHistory`, both on the direct connection
    /// (`SQLiteDirect`) and its thread: a ballot batch's dozen statements and its fsyncs in one crossing
    /// there and one back, where SQLiteKit crossed threads twice a statement. The write lock is taken and
    /// given back outside: only the batch's own statements run on that thread, never an actor's code.
    public func writeForgetting<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await writeLock.lock()
        do {
            let result = try await withTaskExecutorPreference(directThread) { try await directWrite(body) }
            await writeLock.unlock()
            return result
        } catch {
            await writeLock.unlock()
            throw error
        }
    }

    /// `writeForgetting`'s transaction and checkpoint, under the write lock, on the direct thread.
    private func directWrite<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let db = SQLiteDirectDatabase(connection: direct, base: writer.sql())
        let result: T
        do {
            try await db.exec("BEGIN IMMEDIATE")
            result = try await BulkInsert.$connection.withValue(nil) { try await body(db) }
            try await db.exec("COMMIT")
            _ = commits.increment()
        } catch {
            try? await db.exec("ROLLBACK")
            throw error
        }
        checkpoint(direct)
        return result
    }

    public func maintain(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        await writeLock.lock()
        do {
            try await body(writer.sql())
            await writeLock.unlock()
        } catch {
            await writeLock.unlock()
            throw error
        }
    }

    /// Copies the WAL's pages into the database file and truncates the WAL to zero bytes: after a
    /// ballot batch, the frames that show which codes flipped together with which counters are gone.
    /// A reader still on an older snapshot (a long export) would make TRUNCATE wait for it while
    /// every write queues behind this lock, so the wait is cut to 100 ms: then the WAL is truncated
    /// at the next batch instead (its frames hold k ballots at least either way).
    public func forgetHistory() async {
        await writeLock.lock()
        await withTaskExecutorPreference(directThread) { checkpoint(direct) }
        await writeLock.unlock()
    }

    /// `forgetHistory` under the write lock.
    private func checkpoint(_ connection: SQLiteDirect) {
        connection.setBusyTimeout(milliseconds: 100)
        try? connection.run("PRAGMA wal_checkpoint(TRUNCATE)", []) { _ in }
        connection.setBusyTimeout(milliseconds: 10_000)
    }

    /// 在线备份: copies the live database to `destination` with `VACUUM INTO`, a consistent snapshot
    /// taken while the server keeps serving.
    public func backup(to destination: String) async throws {
        try await writer.sql().raw("VACUUM INTO \(bind: destination)").run()
    }

    public func close() async throws {
        defer { fileLock.release() }
        // Under the write lock, so no batch is in it; a batch queued behind the close fails on a closed database.
        await writeLock.lock()
        direct.close()
        directThread.stop()
        await writeLock.unlock()
        for r in readers { try await r.close() }
        try await writer.close()
    }
}

/// A thread-safe counter.
final class Counter: Sendable {
    private let value = NIOLockedValueBox(0)
    var current: Int { value.withLockedValue { $0 & Int.max } }
    func increment() -> Int {
        value.withLockedValue { v in
            v &+= 1; return v & Int.max
        }
    }
}

extension SQLiteBackend {
    /// `PRAGMA integrity_check` answers "ok" for a sound file.
    public func integrityOK() async throws -> Bool {
        try await read { db in try await db.raw("PRAGMA integrity_check").first(decodingColumn: "integrity_check", as: String.self) } == "ok"
    }
}
