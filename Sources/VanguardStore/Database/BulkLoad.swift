import SQLKit

/// 批量装载: millions of rows generated into tables at once (the province of the benchmark), the way
/// PostgreSQL's manual advises for populating a database: the tables' foreign keys and plain indexes are
/// dropped, the rows go in, and each is made again in one pass — checking a key for ten million rows
/// one by one took four times as long as the insert itself. The tables are locked for the transaction
/// (`ALTER TABLE`): for an empty database being filled, never for one that is serving. It all runs in
/// the caller's one transaction, so a failure leaves the schema as it was. SQLite loads as it is.
enum BulkLoad {
    /// Runs `body`, which fills `tables`, with their foreign keys and plain indexes set aside, and with
    /// `unreferenced` their primary keys and unique constraints that no foreign key needs. `tables` are
    /// the caller's constants, never input.
    static func withoutKeys<T>(_ db: any SQLDatabase, tables: [String], unreferenced: Bool = false, _ body: () async throws -> T) async throws -> T {
        guard db.engine == .postgres else { return try await body() }
        let names = SQLList(tables.map { SQLBind($0) })
        let ours: SQLQueryString =
            "SELECT oid FROM pg_class WHERE relname IN (\(names)) AND relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
        // Each constraint as its table, its quoted name and its definition, to be made again as it was.
        func constraints(_ which: SQLQueryString) async throws -> [(table: String, name: String, def: String)] {
            try await db.raw(
                "SELECT c.conrelid::regclass::text AS tbl, quote_ident(c.conname) AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c WHERE c.conrelid IN ("
                    + ours + ") AND " + which + " ORDER BY c.conrelid, c.conname"
            ).all().map { (table: try $0.string("tbl"), name: try $0.string("name"), def: try $0.string("def")) }
        }
        let keys = try await constraints("c.contype = 'f'")
        let indexes = try await db.raw(
            "SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def FROM pg_index i WHERE i.indrelid IN (" + ours
                + ") AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1"
        ).all().map { (name: try $0.string("name"), def: try $0.string("def")) }
        for k in keys { try await db.exec("ALTER TABLE \(k.table) DROP CONSTRAINT \(k.name)") }
        for i in indexes { try await db.exec("DROP INDEX \(i.name)") }
        // Primary keys and unique constraints no remaining key points at (the items' own, for one; the
        // listed tables' keys to each other are already gone): made again once, after, as well. `body`
        // must not need them, nor a unique index of its own (ON CONFLICT does).
        let unique =
            unreferenced
            ? try await constraints("c.contype IN ('p', 'u') AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.conindid = c.conindid)")
            : []
        for u in unique { try await db.exec("ALTER TABLE \(u.table) DROP CONSTRAINT \(u.name)") }
        let result = try await body()
        // Sorting for the indexes in memory rather than in temporary files.
        try await atLeast(db, "maintenance_work_mem", "256MB")
        for u in unique { try await db.exec("ALTER TABLE \(u.table) ADD CONSTRAINT \(u.name) \(u.def)") }
        for i in indexes { try await db.exec(i.def) }
        for k in keys { try await db.exec("ALTER TABLE \(k.table) ADD CONSTRAINT \(k.name) \(k.def)") }
        return result
    }

    /// Raises a memory setting of PostgreSQL for the rest of this transaction to `size`, never lowering
    /// what the operator set. `name` and `size` are the caller's constants.
    static func atLeast(_ db: any SQLDatabase, _ name: String, _ size: String) async throws {
        try await db.exec(
            "SELECT set_config('\(name)', '\(size)', true) WHERE pg_size_bytes(current_setting('\(name)')) < pg_size_bytes('\(size)')")
    }
}
