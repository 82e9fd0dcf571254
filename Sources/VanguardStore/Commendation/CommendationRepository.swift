import Foundation
import SQLKit
import VanguardCore

/// 评选表彰 as recorded: the commending committee, the year and level, where it stands, and the rules.
public struct CommendationRoundRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var year: Int
    public var level: CommendationLevel
    public var name: String
    public var state: CommendationRoundState
    /// 表彰日期 planned (before 七一, a setting of the round).
    public var decideBy: CalendarDay
    public var noticeDays: Int
    public var noticeFrom: CalendarDay?
    public var noticeUntil: CalendarDay?
    public var decidedOn: CalendarDay?
    public var decisionNumber: String?
    /// 表彰条件 by title code.
    public var eligibility: [String: [EligibilityRule]]
    public var createdBy: String
}

/// 名额: a unit's quota for a title in a round, who split it, and the places taken at it.
public struct QuotaRecord: Sendable, Hashable {
    public var title: String
    public var organizationID: Int64
    public var organizationName: String
    public var parentID: Int64?
    public var quota: Int
    public var used: Int
}

/// SQL for rounds, titles and quotas.
public enum CommendationRepository {
    static func titles(_ db: any SQLDatabase) async throws -> [CommendationTitle] {
        try await db.raw("SELECT code, name, subject FROM commendation_titles ORDER BY position").all().compactMap {
            guard let s = CommendationSubject(rawValue: try $0.string("subject")) else { return nil }
            return CommendationTitle(code: try $0.string("code"), name: try $0.string("name"), subject: s)
        }
    }

    /// nil when the committee has a round for the year already.
    static func insertRound(
        _ db: any SQLDatabase, organizationID: Int64, year: Int, level: CommendationLevel, name: String, decideBy: CalendarDay, noticeDays: Int,
        eligibility: [String: [EligibilityRule]], by actor: String, now: Int64
    ) async throws -> Int64? {
        let rules = String(decoding: try JSONEncoder().encode(eligibility), as: UTF8.self)
        return try await db.insert(into: "commendation_rounds")
            .columns("organization_id", "year", "level", "name", "state", "decide_by", "notice_days", "eligibility", "created_by", "at")
            .values(
                SQLBind(organizationID), SQLBind(year), SQLBind(level.rawValue), SQLBind(name), SQLBind(CommendationRoundState.nominating.rawValue),
                SQLBind(decideBy.description), SQLBind(noticeDays), SQLBind(rules), SQLBind(actor), SQLBind(now)
            )
            .ignoringConflicts()
            .returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    /// The round's own commands (quotas, conditions, notice, decision, verification) take turns on its row,
    /// and wait for the nomination commands under way (which hold it shared: `share`), so a notice or a
    /// decision moves exactly the nominations it read.
    static func lock(_ db: any SQLDatabase, id: Int64) async throws {
        guard db.engine == .postgres else { return }
        _ = try await db.raw("SELECT id FROM commendation_rounds WHERE id = \(bind: id) FOR UPDATE").all()
    }

    /// A nomination command holds its round shared: many at once, none while the round itself changes.
    static func share(_ db: any SQLDatabase, id: Int64) async throws {
        guard db.engine == .postgres else { return }
        _ = try await db.raw("SELECT id FROM commendation_rounds WHERE id = \(bind: id) FOR SHARE").all()
    }

    /// `NOT IN (…)` of the states that hold no quota place.
    static var placeless: SQLQueryString { "(\(SQLList(NominationState.placeless.map { SQLBind($0.rawValue) })))" }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> CommendationRoundRecord? {
        try await query(db, "r.id = \(bind: id)", limit: 1).first
    }

    /// The rounds of the committees whose ids are given (an organization's path: its own and its ancestors'), newest first.
    static func of(_ db: any SQLDatabase, organizations ids: [Int64], limit: Int = 50) async throws -> [CommendationRoundRecord] {
        guard !ids.isEmpty else { return [] }
        return try await query(db, "r.organization_id IN (\(SQLList(ids.map { SQLBind($0) })))", limit: limit)
    }

    /// The rounds of committees under `path` (the subtree's), newest first.
    static func under(_ db: any SQLDatabase, path: TreePath, limit: Int = 50) async throws -> [CommendationRoundRecord] {
        let b = subtreeBounds(path)
        return try await query(db, "o.path >= \(bind: b.low) AND o.path < \(bind: b.high)", limit: limit)
    }

    /// Rounds on public notice now, or decided, anywhere (the public board), newest first.
    static func published(_ db: any SQLDatabase, limit: Int) async throws -> [CommendationRoundRecord] {
        try await query(db, "r.state IN ('notice', 'decided')", limit: limit)
    }

    /// Rounds not decided yet whose decision date lies in `first…last` (the reminder sweep).
    static func undecided(_ db: any SQLDatabase, from first: CalendarDay, through last: CalendarDay) async throws -> [CommendationRoundRecord] {
        try await query(
            db, "r.state <> 'decided' AND r.decide_by >= \(bind: first.description) AND r.decide_by <= \(bind: last.description)", limit: 1000)
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, limit: Int) async throws -> [CommendationRoundRecord] {
        try await db.raw(
            "SELECT r.*, o.name AS organization_name, o.path AS organization_path FROM commendation_rounds r JOIN organizations o ON o.id = r.organization_id WHERE "
                + clause + " ORDER BY r.year DESC, r.id DESC LIMIT \(unsafeRaw: String(max(1, limit)))"
        ).all().map { row in
            let day = { (c: String) in try row.optionalString(c).flatMap(CalendarDay.init(parsing:)) }
            return CommendationRoundRecord(
                id: try row.int64("id"), organizationID: try row.int64("organization_id"), organizationName: try row.string("organization_name"),
                organizationPath: try TreePath(row.string("organization_path")) ?? TreePath(ids: [row.int64("organization_id")]),
                year: try row.int("year"), level: CommendationLevel(rawValue: try row.string("level")) ?? .county, name: try row.string("name"),
                state: CommendationRoundState(rawValue: try row.string("state")) ?? .nominating, decideBy: try row.day("decide_by"),
                noticeDays: try row.int("notice_days"), noticeFrom: try day("notice_from"), noticeUntil: try day("notice_until"),
                decidedOn: try day("decided_on"), decisionNumber: try row.optionalString("decision_number"),
                eligibility: (try? JSONDecoder().decode([String: [EligibilityRule]].self, from: Data(try row.string("eligibility").utf8))) ?? [:],
                createdBy: try row.string("created_by"))
        }
    }

    static func setEligibility(_ db: any SQLDatabase, id: Int64, _ rules: [String: [EligibilityRule]]) async throws {
        let json = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        try await db.raw("UPDATE commendation_rounds SET eligibility = \(bind: json) WHERE id = \(bind: id)").run()
    }

    static func publish(_ db: any SQLDatabase, id: Int64, from: CalendarDay, until: CalendarDay) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE commendation_rounds SET state = 'notice', notice_from = \(bind: from.description), notice_until = \(bind: until.description)
            WHERE id = \(bind: id) AND state = 'nominating' RETURNING id
            """
        ).all()).isEmpty
    }

    static func decide(_ db: any SQLDatabase, id: Int64, on day: CalendarDay, number: String) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE commendation_rounds SET state = 'decided', decided_on = \(bind: day.description), decision_number = \(bind: number)
            WHERE id = \(bind: id) AND state = 'notice' RETURNING id
            """
        ).all()).isEmpty
    }

    // MARK: quotas

    static func quotas(_ db: any SQLDatabase, round: Int64) async throws -> [QuotaRecord] {
        try await db.raw(
            """
            SELECT q.title, q.organization_id, q.parent_id, q.quota, o.name,
              (SELECT COUNT(*) FROM nomination_places p JOIN nominations n ON n.id = p.nomination_id WHERE p.round_id = q.round_id AND p.title = q.title
                AND p.holder_id = q.organization_id AND n.state NOT IN \(placeless)) AS used
            FROM commendation_quotas q JOIN organizations o ON o.id = q.organization_id WHERE q.round_id = \(bind: round) ORDER BY q.title, o.path
            """
        ).all().map {
            QuotaRecord(
                title: try $0.string("title"), organizationID: try $0.int64("organization_id"), organizationName: try $0.string("name"),
                parentID: try $0.decode(column: "parent_id", as: Int64?.self), quota: try $0.int("quota"), used: try $0.int("used"))
        }
    }

    /// The quota of a holder for a title, taking its turn on the row (two nominations reaching it at once count one after the other).
    static func lockQuota(_ db: any SQLDatabase, round: Int64, title: String, holder: Int64) async throws -> Int? {
        let lock: SQLQueryString = db.engine == .postgres ? " FOR UPDATE" : ""
        return try await db.raw(
            "SELECT quota FROM commendation_quotas WHERE round_id = \(bind: round) AND title = \(bind: title) AND organization_id = \(bind: holder)" + lock
        ).first(decodingColumn: "quota", as: Int.self)
    }

    static func quota(_ db: any SQLDatabase, round: Int64, title: String, holder: Int64) async throws -> (quota: Int, parent: Int64?)? {
        try await db.raw(
            "SELECT quota, parent_id FROM commendation_quotas WHERE round_id = \(bind: round) AND title = \(bind: title) AND organization_id = \(bind: holder)"
        ).first().map { (try $0.int("quota"), try $0.decode(column: "parent_id", as: Int64?.self)) }
    }

    /// The organizations holding a quota for the title.
    static func holders(_ db: any SQLDatabase, round: Int64, title: String) async throws -> Set<Int64> {
        Set(
            try await db.raw("SELECT organization_id FROM commendation_quotas WHERE round_id = \(bind: round) AND title = \(bind: title)")
                .all(decodingColumn: "organization_id", as: Int64.self))
    }

    /// What a holder has split among the units below it.
    static func splitBelow(_ db: any SQLDatabase, round: Int64, title: String, holder: Int64) async throws -> Int {
        try await db.raw(
            "SELECT CAST(COALESCE(SUM(quota), 0) AS BIGINT) AS n FROM commendation_quotas WHERE round_id = \(bind: round) AND title = \(bind: title) AND parent_id = \(bind: holder)"
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Changes the row in place (a nomination waiting on its lock finds it still there), or adds it.
    static func setQuota(_ db: any SQLDatabase, round: Int64, title: String, holder: Int64, parent: Int64?, quota: Int) async throws {
        let changed = try await db.raw(
            """
            UPDATE commendation_quotas SET quota = \(bind: quota), parent_id = \(bind: parent)
            WHERE round_id = \(bind: round) AND title = \(bind: title) AND organization_id = \(bind: holder) RETURNING quota
            """
        ).all()
        guard changed.isEmpty else { return }
        try await db.insert(into: "commendation_quotas").columns("round_id", "title", "organization_id", "parent_id", "quota")
            .values(SQLBind(round), SQLBind(title), SQLBind(holder), SQLBind(parent), SQLBind(quota)).run()
    }

    /// The places taken at a holder: nominations that reached it and still hold a place.
    static func used(_ db: any SQLDatabase, round: Int64, title: String, holder: Int64) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM nomination_places p JOIN nominations n ON n.id = p.nomination_id WHERE p.round_id = \(bind: round)
            AND p.title = \(bind: title) AND p.holder_id = \(bind: holder) AND n.state NOT IN \(placeless)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func addPlace(_ db: any SQLDatabase, nomination: Int64, round: Int64, title: String, holder: Int64) async throws {
        try await db.insert(into: "nomination_places").columns("nomination_id", "round_id", "title", "holder_id")
            .values(SQLBind(nomination), SQLBind(round), SQLBind(title), SQLBind(holder)).run()
    }
}
