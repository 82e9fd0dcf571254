import Foundation
import Logging
import NIOConcurrencyHelpers
import PostgresKit
import PostgresNIO
import SQLKit
import VanguardCore

/// PostgreSQL for a province or the country: PostgresNIO's connection pool; each write holds one
/// connection for its transaction. With a read replica (a hot standby fed by streaming replication),
/// the reads of HTTP requests go to it (`ReadRouting`), each once the replica has replayed the
/// client's own last write; if the replica cannot be reached they go to the primary.
public final class PostgresBackend: DatabaseBackend {
    public let engine = DatabaseEngine.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let replica: PostgresReplica?

    private init(client: PostgresClient, runner: Task<Void, Never>, replica: PostgresReplica?) {
        self.client = client
        self.runner = runner
        self.replica = replica
    }

    /// Opens the primary at `url` and, if given, the hot standby at `replicaURL`. The primary must
    /// answer now; a replica that is down is tried again later (reads use the primary meanwhile), but
    /// one that answers (within 10 seconds) and is not a standby is refused: it would not hold the
    /// primary's writes. One that could not be asked is asked by the first read that reaches it, and
    /// is not read from if it is not a standby.
    public static func open(url: String, replicaURL: String? = nil, logger: Logger) async throws -> PostgresBackend {
        let (client, runner) = try await started(configuration(url), logger: logger)
        var replica: PostgresReplica?
        var standby: Bool?
        if let replicaURL {
            do {
                let config = try configuration(replicaURL)
                standby = await PostgresReplica.isStandby(config, within: .seconds(10), logger: logger)
                let (c, r) = try await started(config, logger: logger)
                replica = PostgresReplica(client: c, runner: r, logger: logger)
            } catch {
                runner.cancel()
                await runner.value
                throw error
            }
        }
        let backend = PostgresBackend(client: client, runner: runner, replica: replica)
        // Fail now, with the server's reason, rather than on the first request.
        do {
            _ = try await backend.read { db in try await db.raw("SELECT 1 AS one").all() }
            if standby == false {
                throw StoreError.badDatabaseURL("\(replicaURL ?? ""): 不是热备库 / not a hot standby (pg_is_in_recovery() is false)")
            }
            replica?.asked(standby: standby)
        } catch {
            try? await backend.close()
            throw error
        }
        return backend
    }

    static func configuration(_ url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), let host = parts.host, let user = parts.user else {
            throw StoreError.badDatabaseURL(url)
        }
        var config = PostgresClient.Configuration(
            host: host, port: parts.port ?? 5432, username: user, password: parts.password,
            database: parts.path.isEmpty ? nil : String(parts.path.dropFirst()), tls: .disable)
        config.options.maximumConnections = 16
        // `?search_path=name` picks a schema: tests give each run its own, operators may share a database.
        if let schema = parts.queryItems?.first(where: { $0.name == "search_path" })?.value {
            config.options.additionalStartupParameters = [("search_path", schema)]
        }
        return config
    }

    /// A client whose `run()` has begun before anything leases a connection from it (a lease before
    /// `run()` waits for it, and PostgresNIO warns: the bench printed that warning). The runner tells us
    /// it started and goes straight on into `run()`, which marks the client running before it first
    /// suspends, while we are still being scheduled again.
    static func started(_ config: PostgresClient.Configuration, logger: Logger) async throws -> (PostgresClient, Task<Void, Never>) {
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        var runner: Task<Void, Never>?
        await withCheckedContinuation { (running: CheckedContinuation<Void, Never>) in
            runner = Task {
                running.resume()
                await client.run()
            }
        }
        await Task.yield()
        return (client, runner!)
    }

    private let commits = Counter()
    public var committedWrites: Int { commits.current }

    public var hasReplica: Bool { replica != nil }

    /// Where the primary's WAL stood once the migrations at start were done: every read from the replica
    /// waits for it too (a standby still behind a deploy's migration would answer from the old schema).
    private let schemaFloor = NIOLockedValueBox<WALPosition?>(nil)

    public func schemaSettled() async throws {
        guard replica != nil else { return }
        let lsn = try await client.withConnection { connection in
            try await connection.eagerSQL().raw("SELECT pg_current_wal_lsn()::text AS lsn").first(decodingColumn: "lsn", as: String.self)
        }
        schemaFloor.withLockedValue { $0 = lsn.flatMap { WALPosition(Substring($0)) } }
    }

    /// A snapshot that cannot write: `REPEATABLE READ` for one moment of the data across the read's
    /// statements, `READ ONLY` so that the database itself refuses a write on a read path.
    static let readOnly = "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"

    /// A request's read goes to the replica when there is one that has replayed its client's writes.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        do { return try await routedRead(body) } catch { throw Self.named(error) }
    }

    private func routedRead<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let db = ReadTransaction.current { return try await body(db) }
        if let replica, let routing = ReadRouting.current {
            let schema = schemaFloor.withLockedValue { $0 }
            if let served = try await replica.read(after: Self.later(routing.floor, schema), begin: Self.readOnly, body) {
                // The standby has replayed the migrations: from now on a client without writes reads without a check.
                if schema != nil { schemaFloor.withLockedValue { $0 = nil } }
                return served.value
            }
        }
        return try await client.withConnection { connection in
            try await ReadTransaction.run(on: connection.eagerSQL(), begin: Self.readOnly, body)
        }
    }

    /// A database error that the caller's input caused, as the caller's error: a text with U+0000 —
    /// which PostgreSQL refuses in text and SQLite would keep — reaching the database past the request
    /// checks (a file's text field) is a 400 naming it, not a 500.
    static func named(_ error: any Error) -> any Error {
        // 22021 also names other bad bytes (a server bug, left as it is); only the NUL is the caller's.
        guard let e = error as? PSQLError, e.serverInfo?[.sqlState] == "22021", e.serverInfo?[.message]?.contains("0x00") == true else {
            return error
        }
        return VanguardError.nulCharacter
    }

    /// The later of two positions (nil: none).
    static func later(_ a: WALPosition?, _ b: WALPosition?) -> WALPosition? {
        guard let a else { return b }
        guard let b else { return a }
        return max(a, b)
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = connection.eagerSQL()
            let result: T
            do {
                try await db.exec("BEGIN")
                result = try await BulkInsert.$connection.withValue(.postgres(connection)) { try await body(db) }
                try await db.exec("COMMIT")
                _ = commits.increment()
            } catch {
                try? await db.exec("ROLLBACK")
                throw Self.named(error)
            }
            if replica != nil, let routing = ReadRouting.current {
                // Where the WAL stands after our commit: the request's (and its client's) later reads
                // wait for the replica to replay this far. Unknown, they read from the primary.
                let lsn = try? await db.raw("SELECT pg_current_wal_insert_lsn()::text AS lsn").first(decodingColumn: "lsn", as: String.self)
                routing.wrote(lsn.flatMap { WALPosition(Substring($0)) } ?? WALPosition(UInt64.max))
            }
            return result
        }
    }

    public func maintain(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await client.withConnection { connection in try await body(connection.eagerSQL()) }
    }

    public func close() async throws {
        await replica?.close()
        runner.cancel()
        await runner.value
    }
}
