import SQLKit
import VanguardCore

/// 结对 as recorded: whom it helps, its helpers, and whether it still runs.
public struct PairingRecord: Sendable, Hashable {
    public struct Helper: Sendable, Hashable {
        public var organizationID: Int64?
        public var memberID: Int64?
        public var name: String
        public var addedOn: CalendarDay
    }
    public var id: Int64
    public var kind: PairingKind
    public var designationID: Int64?
    public var organizationID: Int64
    public var organizationName: String
    public var memberID: Int64?
    public var pairedByID: Int64
    public var active: Bool
    public var startedOn: CalendarDay
    public var endedOn: CalendarDay?
    public var endNote: String?
    public var helpers: [Helper]
}

/// 帮扶记录: a visit, funds or a project.
public struct HelpRecord: Sendable, Hashable {
    public var id: Int64
    public var kind: HelpKind
    public var heldOn: CalendarDay
    public var content: String
    public var amount: Int?
    public var recordedBy: String
}

/// SQL for pairings, their helpers and help records.
public enum PairingRepository {
    static func insert(
        _ db: any SQLDatabase, kind: PairingKind, designationID: Int64?, organizationID: Int64, memberID: Int64?, pairedBy: Int64, on day: CalendarDay,
        by actor: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "pairings")
            .columns("kind", "designation_id", "organization_id", "member_id", "paired_by", "state", "started_on", "created_by", "at")
            .values(
                SQLBind(kind.rawValue), SQLBind(designationID), SQLBind(organizationID), SQLBind(memberID), SQLBind(pairedBy), SQLBind("active"),
                SQLBind(day.description), SQLBind(actor), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func addHelper(_ db: any SQLDatabase, pairing: Int64, organizationID: Int64?, memberID: Int64?, on day: CalendarDay) async throws {
        try await db.insert(into: "pairing_helpers").columns("pairing_id", "organization_id", "member_id", "added_on")
            .values(SQLBind(pairing), SQLBind(organizationID), SQLBind(memberID), SQLBind(day.description)).run()
    }

    /// 脱钩: false when it had ended already.
    static func end(_ db: any SQLDatabase, id: Int64, note: String, on day: CalendarDay) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE pairings SET state = 'ended', ended_on = \(bind: day.description), end_note = \(bind: note)
            WHERE id = \(bind: id) AND state = 'active' RETURNING id
            """
        ).all()).isEmpty
    }

    public static func of(_ db: any SQLDatabase, designation: Int64) async throws -> PairingRecord? {
        try await query(db, "p.designation_id = \(bind: designation)").first
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> PairingRecord? {
        try await query(db, "p.id = \(bind: id)").first
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, newestFirst: Bool = false) async throws -> [PairingRecord] {
        var out: [PairingRecord] = []
        for r in try await db.raw(
            "SELECT p.*, o.name AS organization_name FROM pairings p JOIN organizations o ON o.id = p.organization_id WHERE " + clause
                + (newestFirst ? " ORDER BY p.state, p.id DESC LIMIT 100" : " ORDER BY p.id LIMIT 100")
        ).all() {
            let id = try r.int64("id")
            let helpers = try await db.raw(
                """
                SELECT h.organization_id, h.member_id, h.added_on, COALESCE(m.name, o.name) AS name FROM pairing_helpers h
                LEFT JOIN organizations o ON o.id = h.organization_id LEFT JOIN members m ON m.id = h.member_id
                WHERE h.pairing_id = \(bind: id) ORDER BY h.id
                """
            ).all().map {
                PairingRecord.Helper(
                    organizationID: try $0.optionalInt64("organization_id"), memberID: try $0.optionalInt64("member_id"), name: try $0.string("name"),
                    addedOn: try $0.day("added_on"))
            }
            out.append(
                PairingRecord(
                    id: id, kind: PairingKind(rawValue: try r.string("kind")) ?? .joint, designationID: try r.optionalInt64("designation_id"),
                    organizationID: try r.int64("organization_id"), organizationName: try r.string("organization_name"),
                    memberID: try r.optionalInt64("member_id"), pairedByID: try r.int64("paired_by"), active: try r.string("state") == "active",
                    startedOn: try r.day("started_on"), endedOn: try r.optionalString("ended_on").flatMap(CalendarDay.init(parsing:)),
                    endNote: try r.optionalString("end_note"), helpers: helpers))
        }
        return out
    }

    /// The paths of the helping organizations of a designation's pairing (for who may see it).
    static func helperPaths(_ db: any SQLDatabase, designation: Int64) async throws -> (paths: [TreePath], members: [Int64]) {
        let rows = try await db.raw(
            """
            SELECT o.path, h.member_id FROM pairings p JOIN pairing_helpers h ON h.pairing_id = p.id LEFT JOIN organizations o ON o.id = h.organization_id
            WHERE p.designation_id = \(bind: designation)
            """
        ).all()
        return (
            try rows.compactMap { try $0.optionalString("path").flatMap(TreePath.init) }, try rows.compactMap { try $0.optionalInt64("member_id") }
        )
    }

    static func addHelp(
        _ db: any SQLDatabase, pairing: Int64, kind: HelpKind, heldOn: CalendarDay, content: String, amount: Int?, by actor: String, now: Int64
    ) async throws {
        try await db.insert(into: "help_records").columns("pairing_id", "kind", "held_on", "content", "amount", "recorded_by", "at")
            .values(
                SQLBind(pairing), SQLBind(kind.rawValue), SQLBind(heldOn.description), SQLBind(content), SQLBind(amount), SQLBind(actor), SQLBind(now)
            ).run()
    }

    public static func help(_ db: any SQLDatabase, pairing: Int64) async throws -> [HelpRecord] {
        try await db.raw("SELECT * FROM help_records WHERE pairing_id = \(bind: pairing) ORDER BY held_on DESC, id DESC LIMIT 500").all().map {
            HelpRecord(
                id: try $0.int64("id"), kind: HelpKind(rawValue: try $0.string("kind")) ?? .other, heldOn: try $0.day("held_on"),
                content: try $0.string("content"), amount: try $0.decode(column: "amount", as: Int?.self), recordedBy: try $0.string("recorded_by"))
        }
    }

    // MARK: 城乡结对共建

    /// Urban–rural pairings whose rural side, or a city side, is in the subtree under `path`: the 100
    /// latest, running ones first.
    static func urbanRural(_ db: any SQLDatabase, under path: TreePath) async throws -> [PairingRecord] {
        let b = subtreeBounds(path)
        return try await query(
            db,
            """
            p.kind = 'urban_rural' AND (o.path >= \(bind: b.low) AND o.path < \(bind: b.high) OR EXISTS (SELECT 1 FROM pairing_helpers h
            JOIN organizations ho ON ho.id = h.organization_id WHERE h.pairing_id = p.id AND ho.path >= \(bind: b.low) AND ho.path < \(bind: b.high)))
            """, newestFirst: true)
    }

    /// The rural organization's running pairing, if any.
    static func runningUrbanRural(_ db: any SQLDatabase, ruralID: Int64) async throws -> PairingRecord? {
        try await query(db, "p.kind = 'urban_rural' AND p.state = 'active' AND p.organization_id = \(bind: ruralID)").first
    }

    /// Locks the rural organization's running pairing for the transaction (PostgreSQL), so helpers join one at a time.
    static func lockUrbanRural(_ db: any SQLDatabase, ruralID: Int64) async throws {
        guard db.engine == .postgres else { return }
        _ = try await db.raw(
            "SELECT id FROM pairings WHERE organization_id = \(bind: ruralID) AND kind = 'urban_rural' AND state = 'active' FOR UPDATE"
        ).all()
    }

    /// Starts the rural organization's pairing; does nothing when one runs already (another clerk's, just made).
    static func startUrbanRural(_ db: any SQLDatabase, ruralID: Int64, committeeID: Int64, on day: CalendarDay, by actor: String, now: Int64) async throws {
        try await db.insert(into: "pairings")
            .columns("kind", "organization_id", "paired_by", "state", "started_on", "created_by", "at")
            .values(
                SQLBind(PairingKind.urbanRural.rawValue), SQLBind(ruralID), SQLBind(committeeID), SQLBind("active"), SQLBind(day.description),
                SQLBind(actor), SQLBind(now)
            ).ignoringConflicts().run()
    }
}
