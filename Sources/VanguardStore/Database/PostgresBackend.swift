import Foundation
import Logging
import PostgresKit
import PostgresNIO
import SQLKit

/// PostgreSQL for a province or the country: PostgresNIO's connection pool; each write holds one
/// connection for its transaction.
public final class PostgresBackend: DatabaseBackend {
    public let engine = DatabaseEngine.postgres
    private let client: PostgresClient
    private let runner: Task<Void, Never>

    private init(client: PostgresClient) {
        self.client = client
        self.runner = Task { await client.run() }
    }

    public static func open(url: String, logger: Logger) async throws -> PostgresBackend {
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
        let backend = PostgresBackend(client: PostgresClient(configuration: config, backgroundLogger: logger))
        // Fail now, with the server's reason, rather than on the first request.
        do {
            _ = try await backend.read { db in try await db.raw("SELECT 1 AS one").all() }
        } catch {
            try? await backend.close()
            throw error
        }
        return backend
    }

    private let commits = Counter()
    public var committedWrites: Int { commits.current }

    /// A snapshot that cannot write: `REPEATABLE READ` for one moment of the data across the read's
    /// statements, `READ ONLY` so that the database itself refuses a write on a read path.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        if let db = ReadTransaction.current { return try await body(db) }
        return try await client.withConnection { connection in
            try await ReadTransaction.run(on: connection.sql(), begin: "START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", body)
        }
    }

    public func write<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await client.withConnection { connection in
            let db = connection.sql()
            do {
                try await db.exec("BEGIN")
                let result = try await body(db)
                try await db.exec("COMMIT")
                _ = commits.increment()
                return result
            } catch {
                try? await db.exec("ROLLBACK")
                throw error
            }
        }
    }

    public func maintain(_ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await client.withConnection { connection in try await body(connection.sql()) }
    }

    public func close() async throws {
        runner.cancel()
        await runner.value
    }
}
