import Logging
import SQLKit

/// Which engine a store runs on: SQLite for a city on one machine, PostgreSQL for a province or more.
public enum DatabaseEngine: String, Sendable {
    case sqlite, postgres
}

/// One database, reached in two ways: reads that may run side by side, and writes that each run as
/// one transaction — wholly or not at all.
public protocol DatabaseBackend: Sendable {
    var engine: DatabaseEngine { get }
    /// Runs `body` on a connection that cannot write: on PostgreSQL one read-only snapshot transaction
    /// (a read inside a read joins it), on SQLite a `query_only` reader whose statements each see the
    /// latest commit.
    func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` inside one transaction on one connection; a thrown error rolls everything back.
    func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Runs `body` on the writing connection outside any transaction, for the statements that cannot run
    /// inside one (PostgreSQL's `VACUUM`); on SQLite it waits for the writer like a write.
    func maintain(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws
    /// How many write transactions this process has committed: a page rendered after `n` is still
    /// current while this stays `n` (writes by other processes are not seen here).
    var committedWrites: Int { get }
    func close() async throws
    /// After a write whose order must not be kept (a batch of ballots): leave no trace of it outside
    /// the database's pages. On SQLite the WAL is checkpointed into the file and truncated.
    func forgetHistory() async
    /// `write`, then `forgetHistory`: a batch of ballots. SQLite runs both on a connection of their own
    /// whose statements do not cross threads (`SQLiteDirect`).
    func writeForgetting<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    /// Whether the reads of requests may go to a read replica (`ReadRouting`).
    var hasReplica: Bool { get }
    /// After the migrations at start: no request reads from a replica that has not replayed them yet
    /// (it would answer from the schema before this version of the code).
    func schemaSettled() async throws
}

extension DatabaseBackend {
    public func forgetHistory() async {}
    public func writeForgetting<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let result = try await write(body)
        await forgetHistory()
        return result
    }
    public var hasReplica: Bool { false }
    public func schemaSettled() async throws {}
}

/// The read transaction the current task is in, if any. A read opened inside another (a service query
/// calling another) joins it: one snapshot, and no second connection awaited while the first is held.
enum ReadTransaction {
    @TaskLocal static var current: (any SQLDatabase)?

    /// Runs `body` in the read transaction `begin` opens on `db`, or in the one this task is already in.
    /// `abandoned`: errors after which the connection is gone, so no `ROLLBACK` is sent (PostgresNIO
    /// did not always answer a statement sent after the server ended the connection).
    static func run<T: Sendable>(
        on db: any SQLDatabase, begin: String, abandoned: @Sendable (any Error) -> Bool = { _ in false },
        _ body: @escaping @Sendable (any SQLDatabase) async throws -> T
    ) async throws -> T {
        try await db.exec(begin)
        do {
            let result = try await $current.withValue(db) { try await body(db) }
            try await db.exec("COMMIT")
            return result
        } catch {
            if !abandoned(error) { try? await db.exec("ROLLBACK") }
            throw error
        }
    }
}

/// Errors of the storage layer itself (not of the user's input).
public enum StoreError: Error, CustomStringConvertible {
    case badDatabaseURL(String)
    case migrationFailed(Int, String)

    public var description: String {
        switch self {
        case .badDatabaseURL(let u):
            "数据库地址无效 / bad database URL: \(u) (use sqlite:PATH or postgres://user:pass@host:port/db)"
        case .migrationFailed(let v, let why): "迁移 \(v) 失败 / migration \(v) failed: \(why)"
        }
    }
}

extension SQLDatabase {
    /// Runs one statement given as text (DDL and pragmas that SQLKit's builders do not cover).
    public func exec(_ sql: String) async throws {
        try await self.execute(sql: SQLRaw(sql)) { _ in }
    }
}
