import SQLKit
import VanguardCore

/// SQL for the organization tree and its counters.
public enum OrganizationRepository {
    static let selectColumns = """
        o.id, o.parent_id, o.code, o.name, o.kind, o.sector, o.path, o.dissolved, o.version,
        c.subtree_organizations, c.subtree_members, c.own_members
        """

    static func record(_ row: any SQLRow) throws -> OrganizationRecord {
        let pathText = try row.string("path")
        guard let path = TreePath(pathText),
            let kind = OrganizationKind(rawValue: try row.string("kind")),
            let sector = Sector(rawValue: try row.string("sector"))
        else { throw VanguardError.invalid("组织记录损坏", "corrupt organization row \(pathText)") }
        return OrganizationRecord(
            id: try row.int64("id"), parentID: try row.optionalInt64("parent_id"), code: try row.string("code"),
            name: try row.string("name"), kind: kind, sector: sector, path: path, dissolved: try row.bool("dissolved"),
            version: try row.int64("version"),
            counters: .init(
                subtreeOrganizations: try row.int("subtree_organizations"),
                subtreeMembers: try row.int("subtree_members"), ownMembers: try row.int("own_members")))
    }

    static func query(_ db: any SQLDatabase, where clause: SQLQueryString, order: String = "o.name") async throws -> [OrganizationRecord] {
        let sql: SQLQueryString =
            "SELECT \(unsafeRaw: selectColumns) FROM organizations o JOIN organization_counters c ON c.organization_id = o.id WHERE " + clause
            + " ORDER BY \(unsafeRaw: order)"
        return try await db.raw(sql).all().map(record)
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> OrganizationRecord? {
        guard var org = try await query(db, where: "o.id = \(bind: id)").first else { return nil }
        org.systems = try await systems(db, organizationID: id)
        return org
    }

    /// An active organization the caller can see, or `notFound` naming `what` — the same answer
    /// for "does not exist", "dissolved" and "outside your scope".
    static func visible(_ db: any SQLDatabase, id: Int64, to caller: Caller, what: Bilingual) async throws -> OrganizationRecord {
        guard let org = try await get(db, id: id), !org.dissolved, caller.canSee(org.path) else { throw VanguardError.notFound(what) }
        return org
    }

    public static func get(_ db: any SQLDatabase, code: String) async throws -> OrganizationRecord? {
        try await query(db, where: "o.code = \(bind: code)").first
    }

    /// The organizations with these codes, keyed by code (for imports).
    public static func byCodes(_ db: any SQLDatabase, _ codes: [String]) async throws -> [String: OrganizationRecord] {
        var out: [String: OrganizationRecord] = [:]
        for chunk in codes.chunked(500) {
            let binds = SQLList(chunk.map { SQLBind($0) })
            for org in try await query(db, where: "o.code IN (\(binds))") { out[org.code] = org }
        }
        return out
    }

    /// Organizations by id, in one query per 500.
    public static func byIDs(_ db: any SQLDatabase, _ ids: [Int64]) async throws -> [Int64: OrganizationRecord] {
        var out: [Int64: OrganizationRecord] = [:]
        for chunk in ids.chunked(500) {
            for org in try await query(db, where: "o.id IN (\(SQLList(chunk.map { SQLBind($0) })))") { out[org.id] = org }
        }
        return out
    }

    /// Active children, by name.
    public static func children(_ db: any SQLDatabase, of id: Int64, limit: Int = 500, offset: Int = 0) async throws -> [OrganizationRecord] {
        try await query(db, where: "o.parent_id = \(bind: id) AND o.dissolved = \(bind: false)", order: "o.name LIMIT \(limit) OFFSET \(offset)")
    }

    public static func roots(_ db: any SQLDatabase) async throws -> [OrganizationRecord] {
        try await query(db, where: "o.parent_id IS NULL AND o.dissolved = \(bind: false)")
    }

    /// The organizations on the path, root first (breadcrumbs).
    public static func ancestors(_ db: any SQLDatabase, of path: TreePath) async throws -> [OrganizationRecord] {
        guard !path.ancestorIDs.isEmpty else { return [] }
        let ids = SQLList(path.ancestorIDs.map { SQLBind($0) })
        return try await query(db, where: "o.id IN (\(ids))", order: "o.depth")
    }

    /// Active organizations whose name contains `text`, inside any of `within` (nil: everywhere).
    public static func search(_ db: any SQLDatabase, text: String, within: [TreePath]?, limit: Int) async throws -> [OrganizationRecord] {
        let pattern = "%" + escapeLike(text) + "%"
        // By name anywhere in it, or by code from its start (组织编码 as clerks type it: LA-01…).
        let code = escapeLike(text) + "%"
        var clause: SQLQueryString =
            "o.dissolved = \(bind: false) AND (o.name LIKE \(bind: pattern) ESCAPE '\\' OR o.code LIKE \(bind: code) ESCAPE '\\')"
        if let within { clause = clause + " AND " + pathFilter(within, column: "o.path") }
        return try await query(db, where: clause, order: "o.depth, o.name LIMIT \(limit)")
    }

    /// Every organization in the subtree (export), parents before children.
    public static func subtree(_ db: any SQLDatabase, of path: TreePath) async throws -> [OrganizationRecord] {
        let b = subtreeBounds(path)
        return try await query(db, where: "o.path >= \(bind: b.low) AND o.path < \(bind: b.high) AND o.dissolved = \(bind: false)", order: "o.depth, o.id")
    }

    /// Levels below `path` in its subtree (0 for a leaf).
    public static func subtreeHeight(_ db: any SQLDatabase, of path: TreePath) async throws -> Int {
        let b = subtreeBounds(path)
        let row = try await db.raw("SELECT MAX(depth) AS d FROM organizations WHERE path >= \(bind: b.low) AND path < \(bind: b.high)").first()
        return (try row?.decode(column: "d", as: Int?.self) ?? nil).map { $0 - path.depth } ?? 0
    }

    /// Inserts an organization under `parent` (nil: a root) and counts it along its ancestors.
    public static func insert(
        _ db: any SQLDatabase, parent: OrganizationRecord?, code: String, name: String,
        kind: OrganizationKind, sector: Sector, now: Int64
    ) async throws -> Int64 {
        let depth = (parent?.depth ?? -1) + 1
        // The path needs the new id, so the row is written with a unique placeholder first.
        let placeholder = "/new-" + code + "/"
        let id = try await db.insert(into: "organizations")
            .columns("parent_id", "code", "name", "kind", "sector", "path", "depth", "created_at", "updated_at")
            .values(
                SQLBind(parent?.id), SQLBind(code), SQLBind(name), SQLBind(kind.rawValue), SQLBind(sector.rawValue),
                SQLBind(placeholder), SQLBind(depth), SQLBind(now), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        let path = (parent?.path.appending(id) ?? TreePath(ids: [id])).description
        try await db.update("organizations").set("path", to: SQLBind(path)).where("id", .equal, SQLBind(id)).run()
        try await db.insert(into: "organization_counters").columns("organization_id").values(SQLBind(id)).run()
        try await adjustCounters(db, path: TreePath(path)!, organizations: 1)
        return id
    }

    /// Adds deltas to the organization on `path` and all its ancestors (O(depth) rows).
    static func adjustCounters(_ db: any SQLDatabase, path: TreePath, organizations: Int = 0, members: Int = 0) async throws {
        guard organizations != 0 || members != 0 else { return }
        let ids = SQLList(path.ids.map { SQLBind($0) })
        try await db.raw(
            """
            UPDATE organization_counters SET subtree_organizations = subtree_organizations + \(bind: organizations),
              subtree_members = subtree_members + \(bind: members) WHERE organization_id IN (\(ids))
            """
        ).run()
    }

    /// Every organization's counters from the facts: what `verify` compares with and a bulk load writes.
    static func computedCounters(_ db: any SQLDatabase) async throws -> [Int64: OrganizationCounters] {
        var own: [Int64: Int] = [:]
        for row in try await db.raw("SELECT organization_id, COUNT(*) AS n FROM members GROUP BY organization_id").all() {
            own[try row.int64("organization_id")] = try row.int("n")
        }
        var orgs: [(id: Int64, path: TreePath, dissolved: Bool)] = []
        for row in try await db.raw("SELECT id, path, dissolved FROM organizations").all() {
            orgs.append((try row.int64("id"), TreePath(try row.string("path")) ?? TreePath(ids: [0]), try row.bool("dissolved")))
        }
        var actual: [Int64: OrganizationCounters] = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id, OrganizationCounters()) })
        for org in orgs {
            let n = own[org.id] ?? 0
            actual[org.id]!.ownMembers = n
            for ancestor in org.path.ids where actual[ancestor] != nil {
                if !org.dissolved { actual[ancestor]!.subtreeOrganizations += 1 }
                actual[ancestor]!.subtreeMembers += n
            }
        }
        return actual
    }

    /// Every organization's counters as stored, in the table's order.
    static func storedCounters(_ db: any SQLDatabase) async throws -> [(organizationID: Int64, counters: OrganizationCounters)] {
        try await db.raw("SELECT * FROM organization_counters").all().map {
            (
                try $0.int64("organization_id"),
                OrganizationCounters(
                    subtreeOrganizations: try $0.int("subtree_organizations"), subtreeMembers: try $0.int("subtree_members"),
                    ownMembers: try $0.int("own_members"))
            )
        }
    }

    /// Replaces every organization's counters by the facts' (after a bulk load).
    static func rebuildCounters(_ db: any SQLDatabase) async throws {
        try await db.raw("DELETE FROM organization_counters").run()
        for chunk in try await computedCounters(db).sorted(by: { $0.key < $1.key }).chunked(800) {
            var insert = db.insert(into: "organization_counters").columns("organization_id", "subtree_organizations", "subtree_members", "own_members")
            for (id, c) in chunk {
                insert = insert.values(SQLBind(id), SQLBind(c.subtreeOrganizations), SQLBind(c.subtreeMembers), SQLBind(c.ownMembers))
            }
            try await insert.run()
        }
    }

    static func adjustOwnMembers(_ db: any SQLDatabase, organizationID: Int64, by delta: Int) async throws {
        try await db.raw("UPDATE organization_counters SET own_members = own_members + \(bind: delta) WHERE organization_id = \(bind: organizationID)").run()
    }

    /// Renames or changes the sector, if nobody changed the organization since `expectedVersion`.
    public static func update(_ db: any SQLDatabase, id: Int64, name: String, sector: Sector, expectedVersion: Int64, now: Int64) async throws {
        let changed = try await db.raw(
            """
            UPDATE organizations SET name = \(bind: name), sector = \(bind: sector.rawValue), version = version + 1,
              updated_at = \(bind: now) WHERE id = \(bind: id) AND version = \(bind: expectedVersion) RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { throw staleVersion }
    }

    static let staleVersion = VanguardError.conflict(
        "该记录已被他人修改，请刷新后重试", "Someone else changed this record; reload and try again")

    /// Rewrites the paths of the whole subtree in one statement and moves its counts from the old
    /// ancestors to the new ones.
    public static func move(_ db: any SQLDatabase, org: OrganizationRecord, under newParent: OrganizationRecord, now: Int64) async throws {
        let oldPrefix = org.path.description
        let newPath = newParent.path.appending(org.id)
        let b = subtreeBounds(org.path)
        let depthDelta = newPath.depth - org.path.depth
        let changed = try await db.raw(
            """
            UPDATE organizations SET parent_id = \(bind: newParent.id), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: org.id) AND version = \(bind: org.version) RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { throw staleVersion }
        try await db.raw(
            """
            UPDATE organizations SET path = \(bind: newPath.description) || substr(path, CAST(\(bind: oldPrefix.count + 1) AS INTEGER)),
              depth = depth + \(bind: depthDelta) WHERE path >= \(bind: b.low) AND path < \(bind: b.high)
            """
        ).run()
        let oldAncestors = TreePath(ids: org.path.ancestorIDs)
        try await adjustCounters(db, path: oldAncestors, organizations: -org.counters.subtreeOrganizations, members: -org.counters.subtreeMembers)
        try await adjustCounters(db, path: newParent.path, organizations: org.counters.subtreeOrganizations, members: org.counters.subtreeMembers)
    }

    /// Marks an empty organization dissolved and stops counting it.
    public static func dissolve(_ db: any SQLDatabase, org: OrganizationRecord, now: Int64) async throws {
        let changed = try await db.raw(
            """
            UPDATE organizations SET dissolved = \(bind: true), version = version + 1, updated_at = \(bind: now)
            WHERE id = \(bind: org.id) AND version = \(bind: org.version) RETURNING id
            """
        ).all()
        guard !changed.isEmpty else { throw staleVersion }
        try await adjustCounters(db, path: org.path, organizations: -1)
    }

    public static func systems(_ db: any SQLDatabase, organizationID: Int64) async throws -> [String] {
        try await db.raw(
            """
            SELECT s.name FROM systems s JOIN organization_systems os ON os.system_id = s.id
            WHERE os.organization_id = \(bind: organizationID) ORDER BY s.name
            """
        ).all(decodingColumn: "name", as: String.self)
    }

    /// The systems of every organization in the subtree, in one query (exports).
    public static func systemsInSubtree(_ db: any SQLDatabase, of path: TreePath) async throws -> [Int64: [String]] {
        let b = subtreeBounds(path)
        var out: [Int64: [String]] = [:]
        for row in try await db.raw(
            """
            SELECT os.organization_id, s.name FROM organization_systems os JOIN systems s ON s.id = os.system_id
            JOIN organizations o ON o.id = os.organization_id WHERE o.path >= \(bind: b.low) AND o.path < \(bind: b.high) ORDER BY s.name
            """
        ).all() {
            out[try row.int64("organization_id"), default: []].append(try row.string("name"))
        }
        return out
    }

    /// Puts the organization in the named systems (系统), creating systems that do not exist yet.
    public static func setSystems(_ db: any SQLDatabase, organizationID: Int64, names: [String]) async throws {
        try await db.delete(from: "organization_systems").where("organization_id", .equal, SQLBind(organizationID)).run()
        for name in Set(names) {
            let systemID = try await systemID(db, name: name)
            try await db.insert(into: "organization_systems").columns("organization_id", "system_id")
                .values(SQLBind(organizationID), SQLBind(systemID)).run()
        }
    }

    static func systemID(_ db: any SQLDatabase, name: String) async throws -> Int64 {
        if let id = try await db.select().column("id").from("systems").where("name", .equal, SQLBind(name)).first(decodingColumn: "id", as: Int64.self) {
            return id
        }
        return try await db.insert(into: "systems").columns("name").values(SQLBind(name)).returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    public static func allSystems(_ db: any SQLDatabase) async throws -> [String] {
        try await db.select().column("name").from("systems").orderBy("name").all(decodingColumn: "name", as: String.self)
    }

    /// A filter on `column` for "inside one of these subtrees".
    static func pathFilter(_ within: [TreePath], column: String) -> SQLQueryString {
        guard !within.isEmpty else { return "1 = 0" }
        var parts: [SQLQueryString] = []
        for p in within {
            let b = subtreeBounds(p)
            parts.append("(\(unsafeRaw: column) >= \(bind: b.low) AND \(unsafeRaw: column) < \(bind: b.high))")
        }
        var out: SQLQueryString = "("
        for (i, p) in parts.enumerated() { out = out + (i == 0 ? "" : " OR ") + p }
        return out + ")"
    }
}

/// Escapes `%`, `_` and `\` so a search for "100%" finds the text, not everything.
func escapeLike(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
