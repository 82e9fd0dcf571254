import SQLKit

/// One numbered, append-only change to the schema. A new change is a new type; an old one is never
/// edited, because databases in the field have already run it.
public protocol Migration: Sendable {
    var version: Int { get }
    var name: String { get }
    func prepare(on db: any SQLDatabase) async throws
}

/// Every migration, in version order: each capability lists its own (`<Name>Capability.migrations`).
/// A new one takes the next free version; an old one is never edited, renumbered or removed.
public let allMigrations: [any Migration] = StoreCapabilities.all.flatMap { $0.migrations }.sorted { $0.version < $1.version }

extension SQLDatabase {
    /// The engine behind this connection, for the few places where the two dialects differ.
    public var engine: DatabaseEngine { dialect.name == "sqlite" ? .sqlite : .postgres }

    /// A `BIGINT` primary key the database assigns: `INTEGER PRIMARY KEY` (the rowid) on SQLite,
    /// an identity column on PostgreSQL.
    var idColumn: [SQLColumnConstraintAlgorithm] {
        [.primaryKey(autoIncrement: engine == .postgres)]
    }

    /// Text compared byte by byte, so range scans on materialized paths are exact on both engines.
    var binaryCollation: [SQLColumnConstraintAlgorithm] {
        engine == .postgres ? [.collate(name: "C")] : []
    }
}

extension SQLDataType {
    static let boolean = SQLDataType.custom(SQLRaw("BOOLEAN"))
}

/// Applies pending migrations, each in its own transaction, and records them in `schema_migrations`.
public struct MigrationRunner: Sendable {
    public let backend: any DatabaseBackend

    public init(backend: any DatabaseBackend) { self.backend = backend }

    /// The versions applied before this call.
    public func appliedVersions() async throws -> Set<Int> {
        try await backend.write { db in
            try await db.create(table: "schema_migrations").ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false))
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .bigint, .notNull)
                .run()
            return Set(try await db.select().column("version").from("schema_migrations").all(decodingColumn: "version", as: Int.self))
        }
    }

    /// Applies what is pending and returns the names of what it applied.
    @discardableResult
    public func migrate(now: Int64) async throws -> [String] {
        let applied = try await appliedVersions()
        var done: [String] = []
        for migration in allMigrations where !applied.contains(migration.version) {
            do {
                try await backend.write { db in
                    try await migration.prepare(on: db)
                    try await db.insert(into: "schema_migrations").columns("version", "name", "applied_at")
                        .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(now)).run()
                }
            } catch {
                throw StoreError.migrationFailed(migration.version, String(describing: error))
            }
            done.append("\(migration.version) \(migration.name)")
        }
        return done
    }

    public func pending() async throws -> [any Migration] {
        let applied = try await appliedVersions()
        return allMigrations.filter { !applied.contains($0.version) }
    }
}
