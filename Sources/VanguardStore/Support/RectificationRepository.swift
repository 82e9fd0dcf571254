import SQLKit
import VanguardCore

/// 整改事项 as recorded, with the names of the unit and of the confirming organization.
public struct RectificationItemRecord: Sendable, Hashable {
    public var id: Int64
    public var source: RectificationSource
    public var sourceID: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var memberID: Int64?
    public var memberName: String?
    public var confirmerID: Int64
    public var confirmerName: String
    public var confirmerPath: TreePath
    public var problem: String
    public var measure: String
    public var responsible: String
    public var deadline: CalendarDay
    public var state: RectificationState
    public var overdue: Bool
    public var openedOn: CalendarDay
    public var checkedOffOn: CalendarDay?
    public var version: Int64
    public var createdBy: String

    /// Whom the item concerns: the member, or else the organization.
    public var unitName: String { memberName.map { "\($0)（\(organizationName)）" } ?? organizationName }
}

/// One step in an item's history (进展、申请销号、销号、退回).
public struct RectificationEntryRecord: Sendable, Hashable {
    public var action: RectificationAction
    public var text: String
    public var actor: String
    public var on: CalendarDay
    public var at: Int64
}

/// What a list of items is filtered by.
public enum RectificationFilter: String, Sendable, CaseIterable {
    case all, open, reported, overdue
    case checkedOff = "checked_off"
}

/// SQL for rectification items and their history.
public enum RectificationRepository {
    public struct NewItem: Sendable {
        public var source: RectificationSource
        public var sourceID: Int64
        public var organizationID: Int64
        public var memberID: Int64?
        public var confirmerID: Int64
        public var problem: String
        public var measure: String
        public var responsible: String
        public var deadline: CalendarDay
    }

    static func insert(_ db: any SQLDatabase, _ item: NewItem, on day: CalendarDay, by actor: String, now: Int64) async throws -> Int64 {
        try await db.insert(into: "rectification_items")
            .columns(
                "source", "source_id", "organization_id", "member_id", "confirmer_id", "problem", "measure", "responsible", "deadline", "state",
                "overdue", "opened_on", "created_by", "at"
            )
            .values(
                SQLBind(item.source.rawValue), SQLBind(item.sourceID), SQLBind(item.organizationID), SQLBind(item.memberID), SQLBind(item.confirmerID),
                SQLBind(item.problem), SQLBind(item.measure), SQLBind(item.responsible), SQLBind(item.deadline.description),
                SQLBind(RectificationState.open.rawValue), SQLBind(item.deadline < day), SQLBind(day.description), SQLBind(actor), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    /// Moves an item from `from` to `to` if nobody moved it since it was read; false otherwise.
    static func transition(
        _ db: any SQLDatabase, id: Int64, from: RectificationState, to: RectificationState, version: Int64, on day: CalendarDay
    ) async throws -> Bool {
        let checkedOff: String? = to == .checkedOff ? day.description : nil
        return
            !(try await db.raw(
                """
                UPDATE rectification_items SET state = \(bind: to.rawValue), checked_off_on = \(bind: checkedOff), version = version + 1
                WHERE id = \(bind: id) AND state = \(bind: from.rawValue) AND version = \(bind: version) RETURNING id
                """
            ).all()).isEmpty
    }

    static func addEntry(
        _ db: any SQLDatabase, item: Int64, action: RectificationAction, text: String, actor: String, on day: CalendarDay, now: Int64
    ) async throws {
        try await db.insert(into: "rectification_entries").columns("item_id", "action", "text", "actor", "on_day", "at")
            .values(SQLBind(item), SQLBind(action.rawValue), SQLBind(text), SQLBind(actor), SQLBind(day.description), SQLBind(now)).run()
    }

    public static func entries(_ db: any SQLDatabase, item: Int64) async throws -> [RectificationEntryRecord] {
        try await db.raw("SELECT * FROM rectification_entries WHERE item_id = \(bind: item) ORDER BY id").all().map {
            RectificationEntryRecord(
                action: RectificationAction(rawValue: try $0.string("action")) ?? .progress, text: try $0.string("text"), actor: try $0.string("actor"),
                on: try $0.day("on_day"), at: try $0.int64("at"))
        }
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> RectificationItemRecord? {
        try await query(db, "r.id = \(bind: id)", limit: 1).first
    }

    /// The items of one source record (a designation's ledger, an inspection's findings), oldest first.
    public static func of(_ db: any SQLDatabase, source: RectificationSource, id: Int64) async throws -> [RectificationItemRecord] {
        try await query(db, "r.source = \(bind: source.rawValue) AND r.source_id = \(bind: id)", limit: 1000, newestFirst: false)
    }

    /// The states of one source record's items.
    static func states(_ db: any SQLDatabase, source: RectificationSource, id: Int64) async throws -> [RectificationState] {
        try await db.raw("SELECT state FROM rectification_items WHERE source = \(bind: source.rawValue) AND source_id = \(bind: id)").all(
            decodingColumn: "state", as: String.self
        ).compactMap(RectificationState.init(rawValue:))
    }

    static func filterClause(_ filter: RectificationFilter) -> SQLQueryString {
        switch filter {
        case .all: "1 = 1"
        case .open: "r.state = \(bind: RectificationState.open.rawValue)"
        case .reported: "r.state = \(bind: RectificationState.reported.rawValue)"
        case .checkedOff: "r.state = \(bind: RectificationState.checkedOff.rawValue)"
        case .overdue: "r.overdue = \(bind: true) AND r.state <> \(bind: RectificationState.checkedOff.rawValue)"
        }
    }

    /// Items of units in the subtree under `path` (or, with `confirming`, items the subtree's organizations
    /// confirm), newest first, and how many there are in all.
    public static func under(
        _ db: any SQLDatabase, path: TreePath, confirming: Bool, filter: RectificationFilter, limit: Int
    ) async throws -> (items: [RectificationItemRecord], total: Int) {
        let b = subtreeBounds(path)
        let alias: SQLQueryString = confirming ? "c" : "o"
        let clause: SQLQueryString = alias + ".path >= \(bind: b.low) AND " + alias + ".path < \(bind: b.high) AND " + filterClause(filter)
        let total =
            try await db.raw(
                """
                SELECT COUNT(*) AS n FROM rectification_items r JOIN organizations o ON o.id = r.organization_id
                JOIN organizations c ON c.id = r.confirmer_id WHERE
                """ + " " + clause
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        return (try await query(db, clause, limit: limit), total)
    }

    /// How many items `under` would list in all (the workbench's 待销号 and 待整改).
    static func count(_ db: any SQLDatabase, path: TreePath, confirming: Bool, filter: RectificationFilter) async throws -> Int {
        let b = subtreeBounds(path)
        let alias: SQLQueryString = confirming ? "c" : "o"
        return try await db.raw(
            """
            SELECT COUNT(*) AS n FROM rectification_items r JOIN organizations o ON o.id = r.organization_id
            JOIN organizations c ON c.id = r.confirmer_id WHERE
            """ + " " + alias + ".path >= \(bind: b.low) AND " + alias + ".path < \(bind: b.high) AND " + filterClause(filter)
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Items not checked off whose deadline has passed but are not marked overdue yet, or fall due by `soon`.
    static func due(_ db: any SQLDatabase, today: CalendarDay, soon: CalendarDay) async throws -> [RectificationItemRecord] {
        try await query(
            db,
            "r.state <> \(bind: RectificationState.checkedOff.rawValue) AND ((r.overdue = \(bind: false) AND r.deadline < \(bind: today.description)) OR (r.deadline >= \(bind: today.description) AND r.deadline <= \(bind: soon.description)))",
            limit: 100_000, newestFirst: false)
    }

    static func markOverdue(_ db: any SQLDatabase, ids: [Int64]) async throws {
        for chunk in ids.chunked(500) {
            try await db.raw(
                """
                UPDATE rectification_items SET overdue = \(bind: true), version = version + 1
                WHERE id IN (\(SQLList(chunk.map { SQLBind($0) }))) AND overdue = \(bind: false) AND state <> 'checked_off'
                """
            ).run()
        }
    }

    /// Locks the items for the transaction (PostgreSQL: FOR UPDATE), so two writers of one item take turns
    /// and the write path's two readings see only their own change. SQLite has one writer already.
    static func lock(_ db: any SQLDatabase, ids: [Int64]) async throws {
        guard db.engine == .postgres, !ids.isEmpty else { return }
        for chunk in ids.sorted().chunked(500) {
            _ = try await db.raw("SELECT id FROM rectification_items WHERE id IN (\(SQLList(chunk.map { SQLBind($0) }))) ORDER BY id FOR UPDATE").all()
        }
    }

    static func lock(_ db: any SQLDatabase, id: Int64) async throws { try await lock(db, ids: [id]) }

    static func items(_ db: any SQLDatabase, ids: [Int64]) async throws -> [RectificationItemRecord] {
        guard !ids.isEmpty else { return [] }
        return try await query(db, "r.id IN (\(SQLList(ids.map { SQLBind($0) })))", limit: ids.count, newestFirst: false)
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, limit: Int, newestFirst: Bool = true) async throws -> [RectificationItemRecord] {
        try await db.raw(
            """
            SELECT r.*, o.name AS organization_name, o.path AS organization_path, m.name AS member_name, c.name AS confirmer_name, c.path AS confirmer_path
            FROM rectification_items r JOIN organizations o ON o.id = r.organization_id JOIN organizations c ON c.id = r.confirmer_id
            LEFT JOIN members m ON m.id = r.member_id WHERE
            """ + " " + clause + (newestFirst ? " ORDER BY r.id DESC" : " ORDER BY r.id") + " LIMIT \(unsafeRaw: String(limit))"
        ).all().map(record)
    }

    static func record(_ r: any SQLRow) throws -> RectificationItemRecord {
        RectificationItemRecord(
            id: try r.int64("id"), source: RectificationSource(rawValue: try r.string("source")) ?? .backward, sourceID: try r.int64("source_id"),
            organizationID: try r.int64("organization_id"), organizationName: try r.string("organization_name"),
            organizationPath: TreePath(try r.string("organization_path")) ?? TreePath(ids: [0]), memberID: try r.optionalInt64("member_id"),
            memberName: try r.optionalString("member_name"), confirmerID: try r.int64("confirmer_id"), confirmerName: try r.string("confirmer_name"),
            confirmerPath: TreePath(try r.string("confirmer_path")) ?? TreePath(ids: [0]), problem: try r.string("problem"),
            measure: try r.string("measure"), responsible: try r.string("responsible"), deadline: try r.day("deadline"),
            state: RectificationState(rawValue: try r.string("state")) ?? .open, overdue: try r.bool("overdue"), openedOn: try r.day("opened_on"),
            checkedOffOn: try r.optionalString("checked_off_on").flatMap(CalendarDay.init(parsing:)), version: try r.int64("version"),
            createdBy: try r.string("created_by"))
    }
}
