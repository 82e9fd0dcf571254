import Foundation
import SQLKit
import VanguardCore

/// SQL for members, their transfers, and the member counts along the tree.
public enum MemberRepository {
    static let flagColumns = [
        "leading_cadre", "secretary", "party_worker", "retired", "elderly", "in_service", "without_post",
        "floating", "student", "faculty",
    ]
    static let writeColumns =
        [
            "member_no", "name", "gender", "birth_date", "join_date", "status", "phone", "residence_organization_id",
            "assigned_post", "outflow_organization_id", "inflow_organization_id",
        ] + flagColumns

    static func values(_ d: MemberDraft) -> [any SQLExpression] {
        let c = d.categories
        let flags = [c.leadingCadre, c.secretary, c.partyWorker, c.retired, c.elderly, c.inService, c.withoutPost, c.floating, c.student, c.faculty]
        // Flags and absent values go in as literals: a bulk import binds 24 values a row otherwise.
        func optional(_ v: (some Encodable & Sendable)?) -> any SQLExpression { v.map { SQLBind($0) } ?? SQLLiteral.null }
        return [
            SQLBind(d.memberNo), SQLBind(d.name), SQLBind(d.gender.rawValue), SQLBind(d.birthDate.description),
            SQLBind(d.joinDate.description), SQLBind(d.status.rawValue), optional(d.phone), optional(c.residenceOrganizationID),
            optional(c.assignedPost), optional(c.outflowOrganizationID), optional(c.inflowOrganizationID),
        ] + flags.map { SQLLiteral.boolean($0) }
    }

    static func record(_ row: any SQLRow) throws -> MemberRecord {
        var c = MemberCategories()
        c.leadingCadre = try row.bool("leading_cadre")
        c.secretary = try row.bool("secretary")
        c.partyWorker = try row.bool("party_worker")
        c.retired = try row.bool("retired")
        c.elderly = try row.bool("elderly")
        c.inService = try row.bool("in_service")
        c.residenceOrganizationID = try row.optionalInt64("residence_organization_id")
        c.withoutPost = try row.bool("without_post")
        c.assignedPost = try row.optionalString("assigned_post")
        c.floating = try row.bool("floating")
        c.outflowOrganizationID = try row.optionalInt64("outflow_organization_id")
        c.inflowOrganizationID = try row.optionalInt64("inflow_organization_id")
        c.student = try row.bool("student")
        c.faculty = try row.bool("faculty")
        let draft = MemberDraft(
            memberNo: try row.string("member_no"), name: try row.string("name"),
            gender: Gender(rawValue: try row.string("gender")) ?? .male, birthDate: try row.day("birth_date"),
            joinDate: try row.day("join_date"), status: MembershipStatus(rawValue: try row.string("status")) ?? .full,
            phone: try row.optionalString("phone"), categories: c)
        return MemberRecord(
            id: try row.int64("id"), organizationID: try row.int64("organization_id"),
            organizationName: try row.string("organization_name"),
            organizationPath: TreePath(try row.string("organization_path")) ?? TreePath(ids: [1]),
            draft: draft, version: try row.int64("version"))
    }

    static func query(_ db: any SQLDatabase, where clause: SQLQueryString, order: String = "m.name, m.id") async throws -> [MemberRecord] {
        let sql: SQLQueryString = """
            SELECT m.*, o.name AS organization_name, o.path AS organization_path
            FROM members m JOIN organizations o ON o.id = m.organization_id WHERE
            """ + " " + clause + " ORDER BY \(unsafeRaw: order)"
        return try await db.raw(sql).all().map(record)
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> MemberRecord? {
        try await query(db, where: "m.id = \(bind: id)").first
    }

    public static func get(_ db: any SQLDatabase, memberNo: String) async throws -> MemberRecord? {
        try await query(db, where: "m.member_no = \(bind: memberNo)").first
    }

    /// Members who belong directly to the organization, by name.
    public static func list(_ db: any SQLDatabase, organizationID: Int64, limit: Int, offset: Int) async throws -> [MemberRecord] {
        try await query(db, where: "m.organization_id = \(bind: organizationID)", order: "m.name, m.id LIMIT \(limit) OFFSET \(offset)")
    }

    /// Every member in the subtree (export), by organization.
    public static func subtree(_ db: any SQLDatabase, of path: TreePath) async throws -> [MemberRecord] {
        try await query(db, where: OrganizationRepository.pathFilter([path], column: "o.path"), order: "o.path, m.id")
    }

    public static func search(_ db: any SQLDatabase, text: String, within: [TreePath]?, limit: Int) async throws -> [MemberRecord] {
        let pattern = "%" + escapeLike(text) + "%"
        var clause: SQLQueryString = "(m.name LIKE \(bind: pattern) ESCAPE '\\' OR m.member_no = \(bind: text))"
        if let within { clause = clause + " AND " + OrganizationRepository.pathFilter(within, column: "o.path") }
        return try await query(db, where: clause, order: "m.name, m.id LIMIT \(limit)")
    }

    /// Which of these member numbers are taken already.
    public static func existingNumbers(_ db: any SQLDatabase, _ numbers: [String]) async throws -> Set<String> {
        // One statement for any number: the numbers go in as one JSON array, which each engine unpacks itself
        // (a hundred thousand binds in chunks of 500 cost more than the lookup).
        let list = String(decoding: try JSONEncoder().encode(numbers), as: UTF8.self)
        let values: SQLQueryString =
            db.engine == .postgres ? "SELECT json_array_elements_text(CAST(\(bind: list) AS json))" : "SELECT value FROM json_each(\(bind: list))"
        return Set(try await db.raw("SELECT member_no FROM members WHERE member_no IN (" + values + ")").all(decodingColumn: "member_no", as: String.self))
    }

    public static func insert(_ db: any SQLDatabase, draft: MemberDraft, in org: OrganizationRecord, now: Int64) async throws -> Int64 {
        let id = try await db.insert(into: "members")
            .columns(["organization_id"] + writeColumns + ["created_at", "updated_at"])
            .values([SQLBind(org.id)] + values(draft) + [SQLBind(now), SQLBind(now)])
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
        try await OrganizationRepository.adjustCounters(db, path: org.path, members: 1)
        try await OrganizationRepository.adjustOwnMembers(db, organizationID: org.id, by: 1)
        return id
    }

    /// Inserts many members with multi-row statements, then adds the counts once per organization.
    public static func insertMany(_ db: any SQLDatabase, _ rows: [(draft: MemberDraft, org: OrganizationRecord)], now: Int64) async throws {
        let columns = ["organization_id"] + writeColumns + ["created_at", "updated_at"]
        try await BulkInsert.rows(
            db, into: "members", columns: columns, rows.map { r in [.integer(r.org.id)] + bulkValues(r.draft) + [.integer(now), .integer(now)] })
        try await addCounts(db, rows.map(\.org))
    }

    /// `values` for `BulkInsert`, in `writeColumns`' order.
    static func bulkValues(_ d: MemberDraft) -> [BulkValue] {
        let c = d.categories
        return [
            .text(d.memberNo), .text(d.name), .text(d.gender.rawValue), .text(d.birthDate.description), .text(d.joinDate.description),
            .text(d.status.rawValue), .text(d.phone), .integer(c.residenceOrganizationID), .text(c.assignedPost), .integer(c.outflowOrganizationID),
            .integer(c.inflowOrganizationID), .boolean(c.leadingCadre), .boolean(c.secretary), .boolean(c.partyWorker), .boolean(c.retired),
            .boolean(c.elderly), .boolean(c.inService), .boolean(c.withoutPost), .boolean(c.floating), .boolean(c.student), .boolean(c.faculty),
        ]
    }

    /// Adds one member per entry to each organization's own count and to its ancestors' subtree counts.
    static func addCounts(_ db: any SQLDatabase, _ orgs: [OrganizationRecord]) async throws {
        var own: [Int64: Int] = [:]
        var subtree: [Int64: Int] = [:]
        for org in orgs {
            own[org.id, default: 0] += 1
            for id in org.path.ids { subtree[id, default: 0] += 1 }
        }
        // Two statements whatever the number of organizations (one per organization was thousands of
        // round trips on PostgreSQL for a county's file): the amounts go in as one JSON array of [id, n].
        for (column, amounts) in [("subtree_members", subtree), ("own_members", own)] where !amounts.isEmpty {
            let list = "[" + amounts.map { "[\($0.key),\($0.value)]" }.joined(separator: ",") + "]"
            let pairs: SQLQueryString =
                db.engine == .postgres
                ? "SELECT CAST(e->>0 AS BIGINT) AS id, CAST(e->>1 AS BIGINT) AS n FROM json_array_elements(CAST(\(bind: list) AS json)) e"
                : "SELECT CAST(value->>0 AS INTEGER) AS id, CAST(value->>1 AS INTEGER) AS n FROM json_each(\(bind: list))"
            try await db.raw(
                "UPDATE organization_counters SET \(unsafeRaw: column) = \(unsafeRaw: column) + x.n FROM (" + pairs
                    + ") AS x WHERE organization_counters.organization_id = x.id"
            ).run()
        }
    }

    public static func update(_ db: any SQLDatabase, id: Int64, draft: MemberDraft, expectedVersion: Int64, now: Int64) async throws {
        var builder = db.update("members")
        for (column, value) in zip(writeColumns, values(draft)) { builder = builder.set(SQLIdentifier(column), to: value) }
        let changed = try await builder.set("version", to: SQLRaw("version + 1")).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(expectedVersion))
            .returning("id").all()
        guard !changed.isEmpty else { throw OrganizationRepository.staleVersion }
    }

    /// Moves a member to another organization, records the transfer, and moves the counts.
    public static func transfer(
        _ db: any SQLDatabase, member: MemberRecord, from: OrganizationRecord, to: OrganizationRecord,
        reason: String?, actor: String, now: Int64
    ) async throws {
        let changed = try await WritePath.changing(db, .members([member.id]), now: now) {  // her points, coverage and exemptions go with her
            try await db.update("members").set("organization_id", to: SQLBind(to.id))
                .set("version", to: SQLRaw("version + 1")).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(member.id)).where("version", .equal, SQLBind(member.version))
                .returning("id").all()
        }
        guard !changed.isEmpty else { throw OrganizationRepository.staleVersion }
        try await db.insert(into: "member_transfers")
            .columns("member_id", "from_organization_id", "to_organization_id", "reason", "actor", "at")
            .values(SQLBind(member.id), SQLBind(from.id), SQLBind(to.id), SQLBind(reason), SQLBind(actor), SQLBind(now)).run()
        try await OrganizationRepository.adjustCounters(db, path: from.path, members: -1)
        try await OrganizationRepository.adjustOwnMembers(db, organizationID: from.id, by: -1)
        try await OrganizationRepository.adjustCounters(db, path: to.path, members: 1)
        try await OrganizationRepository.adjustOwnMembers(db, organizationID: to.id, by: 1)
    }

    /// Moves every member of `from` to `to` in three statements (history, members, counters), as when
    /// an organization is dissolved.
    static func transferAll(
        _ db: any SQLDatabase, from: OrganizationRecord, to: OrganizationRecord, reason: String, actor: String, now: Int64
    ) async throws -> Int {
        let moving = try await db.raw("SELECT id FROM members WHERE organization_id = \(bind: from.id)").all(decodingColumn: "id", as: Int64.self)
        let moved = try await WritePath.changing(db, .members(moving), now: now) {
            try await moveAll(db, from: from, to: to, reason: reason, actor: actor, now: now)
        }
        try await OrganizationRepository.adjustCounters(db, path: from.path, members: -moved)
        try await OrganizationRepository.adjustOwnMembers(db, organizationID: from.id, by: -moved)
        try await OrganizationRepository.adjustCounters(db, path: to.path, members: moved)
        try await OrganizationRepository.adjustOwnMembers(db, organizationID: to.id, by: moved)
        return moved
    }

    private static func moveAll(
        _ db: any SQLDatabase, from: OrganizationRecord, to: OrganizationRecord, reason: String, actor: String, now: Int64
    ) async throws
        -> Int
    {
        try await db.raw(
            """
            INSERT INTO member_transfers (member_id, from_organization_id, to_organization_id, reason, actor, at)
            SELECT id, \(bind: from.id), \(bind: to.id), \(bind: reason), \(bind: actor), \(bind: now) FROM members
            WHERE organization_id = \(bind: from.id)
            """
        ).run()
        let moved = try await db.raw(
            """
            UPDATE members SET organization_id = \(bind: to.id), version = version + 1, updated_at = \(bind: now)
            WHERE organization_id = \(bind: from.id) RETURNING id
            """
        ).all().count
        return moved
    }

    public static func transfers(_ db: any SQLDatabase, memberID: Int64) async throws -> [TransferRecord] {
        try await db.raw(
            """
            SELECT t.*, f.name AS from_name, o.name AS to_name FROM member_transfers t
            JOIN organizations f ON f.id = t.from_organization_id JOIN organizations o ON o.id = t.to_organization_id
            WHERE t.member_id = \(bind: memberID) ORDER BY t.at, t.id
            """
        ).all().map { row in
            TransferRecord(
                fromOrganizationID: try row.int64("from_organization_id"), fromOrganizationName: try row.string("from_name"),
                toOrganizationID: try row.int64("to_organization_id"), toOrganizationName: try row.string("to_name"),
                reason: try row.optionalString("reason"), actor: try row.string("actor"), at: try row.int64("at"))
        }
    }
}
