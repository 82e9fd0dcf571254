import Foundation
import SQLKit
import VanguardCore

/// 推荐对象 as recorded: who (an organization, or a member and her organization), for which title, by
/// whom, where it stands now (the holder reviewing it), the deeds, and the evidence read when nominated.
public struct NominationRecord: Sendable, Hashable {
    public var id: Int64
    public var roundID: Int64
    public var title: String
    public var titleName: String
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var memberID: Int64?
    public var memberName: String?
    public var nominatorID: Int64
    public var nominatorName: String
    public var holderID: Int64
    public var holderName: String
    public var state: NominationState
    public var deeds: String
    public var summary: String
    /// The evidence read when nominated (nil where the reader may not see it: `CommendationService.desk`).
    public var facts: EligibilityFacts?
    public var reason: String?
    public var commendedOn: CalendarDay?
    public var revokedOn: CalendarDay?
    public var barredUntil: CalendarDay?
    public var createdBy: String
    public var at: Int64
    /// The round's year and commending committee.
    public var year: Int
    public var committeeName: String

    /// The nominee's name: the member's, or the organization's.
    public var nomineeName: String { memberName ?? organizationName }
}

/// One step of a nomination (推荐, 上报, 退回, 遴选, 公示, 表彰, 撤销 …), with the organization it was taken at.
public struct NominationStepRecord: Sendable, Hashable {
    public var action: String
    public var organizationName: String
    public var note: String?
    public var actor: String
    public var at: Int64
}

/// 异议 as recorded (the name and contact are the committee's to read, never shown publicly).
public struct ObjectionRecord: Sendable, Hashable {
    public var id: Int64
    public var nominationID: Int64
    /// The round of the nomination it is about.
    public var roundID: Int64
    public var content: String
    public var name: String?
    public var contact: String?
    public var outcome: ObjectionOutcome?
    public var verification: String?
    public var verifiedBy: String?
    public var at: Int64
}

/// SQL for nominations, their steps and objections, and the facts eligibility reads.
public enum NominationRepository {
    /// nil when the nominee has a live nomination in the round already (the partial unique indexes).
    static func insert(
        _ db: any SQLDatabase, round: Int64, title: String, organizationID: Int64, memberID: Int64?, nominatorID: Int64, holderID: Int64, deeds: String,
        summary: String, facts: EligibilityFacts, by actor: String, now: Int64
    ) async throws -> Int64? {
        let json = String(decoding: try JSONEncoder().encode(facts), as: UTF8.self)
        return try await db.insert(into: "nominations")
            .columns(
                "round_id", "title", "organization_id", "member_id", "nominator_id", "holder_id", "state", "deeds", "summary", "facts", "created_by", "at"
            )
            .values(
                SQLBind(round), SQLBind(title), SQLBind(organizationID), SQLBind(memberID), SQLBind(nominatorID), SQLBind(holderID),
                SQLBind(NominationState.pending.rawValue), SQLBind(deeds), SQLBind(summary), SQLBind(json), SQLBind(actor), SQLBind(now)
            )
            .ignoringConflicts()
            .returning("id").first(decodingColumn: "id", as: Int64.self)
    }

    static func lock(_ db: any SQLDatabase, id: Int64) async throws {
        guard db.engine == .postgres else { return }
        // NO KEY UPDATE: rows that only point at it (a payment, an objection) are not held up by the lock.
        _ = try await db.raw("SELECT id FROM nominations WHERE id = \(bind: id) FOR NO KEY UPDATE").all()
    }

    /// Moves a nomination from `from` to `to` (and to another holder, a reason, a day); false when it was not in `from` (any more).
    static func move(
        _ db: any SQLDatabase, id: Int64, from: NominationState, to: NominationState, holder: Int64? = nil, reason: String? = nil,
        commendedOn: CalendarDay? = nil
    ) async throws -> Bool {
        var set: SQLQueryString = "state = \(bind: to.rawValue)"
        if let holder { set = set + ", holder_id = \(bind: holder)" }
        if let reason { set = set + ", reason = \(bind: reason)" }
        if let commendedOn { set = set + ", commended_on = \(bind: commendedOn.description)" }
        return !(try await db.raw("UPDATE nominations SET " + set + " WHERE id = \(bind: id) AND state = \(bind: from.rawValue) RETURNING id").all()).isEmpty
    }

    /// The ids of every nomination of the round in `state` (no limit), locked until the command ends.
    static func ids(_ db: any SQLDatabase, round: Int64, state: NominationState) async throws -> [Int64] {
        let lock: SQLQueryString = db.engine == .postgres ? " FOR NO KEY UPDATE" : ""
        return try await db.raw("SELECT id FROM nominations WHERE round_id = \(bind: round) AND state = \(bind: state.rawValue) ORDER BY id" + lock)
            .all(decodingColumn: "id", as: Int64.self)
    }

    /// These nominations move from `from` to `to` (the notice, the decision); the ids that did.
    static func moveAll(
        _ db: any SQLDatabase, ids: [Int64], from: NominationState, to: NominationState, commendedOn: CalendarDay? = nil
    ) async throws
        -> [Int64]
    {
        var set: SQLQueryString = "state = \(bind: to.rawValue)"
        if let commendedOn { set = set + ", commended_on = \(bind: commendedOn.description)" }
        var moved: [Int64] = []
        for chunk in ids.chunked(500) {
            moved += try await db.raw(
                "UPDATE nominations SET " + set + " WHERE id IN (\(SQLList(chunk.map { SQLBind($0) }))) AND state = \(bind: from.rawValue) RETURNING id"
            ).all(decodingColumn: "id", as: Int64.self)
        }
        return moved
    }

    static func revoke(_ db: any SQLDatabase, id: Int64, on day: CalendarDay, reason: String, barredUntil: CalendarDay) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE nominations SET state = 'revoked', revoked_on = \(bind: day.description), reason = \(bind: reason),
            barred_until = \(bind: barredUntil.description) WHERE id = \(bind: id) AND state = 'commended' RETURNING id
            """
        ).all()).isEmpty
    }

    static func addStep(
        _ db: any SQLDatabase, nomination: Int64, action: String, at organization: Int64, note: String?, by actor: String, now: Int64
    ) async throws {
        try await db.insert(into: "nomination_steps").columns("nomination_id", "action", "organization_id", "note", "actor", "at")
            .values(SQLBind(nomination), SQLBind(action), SQLBind(organization), SQLBind(note), SQLBind(actor), SQLBind(now)).run()
    }

    static func steps(_ db: any SQLDatabase, nomination: Int64) async throws -> [NominationStepRecord] {
        try await db.raw(
            """
            SELECT s.action, s.note, s.actor, s.at, o.name FROM nomination_steps s JOIN organizations o ON o.id = s.organization_id
            WHERE s.nomination_id = \(bind: nomination) ORDER BY s.id
            """
        ).all().map {
            NominationStepRecord(
                action: try $0.string("action"), organizationName: try $0.string("name"), note: try $0.optionalString("note"), actor: try $0.string("actor"),
                at: try $0.int64("at"))
        }
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> NominationRecord? {
        try await query(db, "n.id = \(bind: id)", limit: 1).first
    }

    /// The round's nominations (in `states`, if given), by title and nominee.
    static func of(_ db: any SQLDatabase, round: Int64, states: [NominationState]? = nil, limit: Int = 2000) async throws -> [NominationRecord] {
        var clause: SQLQueryString = "n.round_id = \(bind: round)"
        if let states { clause = clause + " AND n.state IN (\(SQLList(states.map { SQLBind($0.rawValue) })))" }
        return try await query(db, clause, limit: limit, order: "t.position, n.id")
    }

    /// The titles an organization or member was given (or had revoked), newest first.
    static func titles(_ db: any SQLDatabase, organizationID: Int64?, memberID: Int64?) async throws -> [NominationRecord] {
        let clause: SQLQueryString =
            if let memberID { "n.member_id = \(bind: memberID)" } else { "n.member_id IS NULL AND n.organization_id = \(bind: organizationID ?? 0)" }
        return try await query(db, clause + " AND n.state IN ('commended', 'revoked')", limit: 50)
    }

    /// Those commended (and not revoked) by the committees of the subtree under `path`: whom its fund may award.
    static func commended(_ db: any SQLDatabase, byCommitteesUnder path: TreePath) async throws -> [NominationRecord] {
        let b = subtreeBounds(path)
        return try await query(db, "n.state = 'commended' AND rc.path >= \(bind: b.low) AND rc.path < \(bind: b.high)", limit: 1000, order: "n.id")
    }

    /// The latest bar on a new nomination of the nominee (a title revoked for fraud), if any.
    static func barredUntil(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?) async throws -> CalendarDay? {
        let clause: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL AND organization_id = \(bind: organizationID)"
        return try await db.raw("SELECT MAX(barred_until) AS d FROM nominations WHERE state = 'revoked' AND " + clause).first(
            decodingColumn: "d", as: String?.self
        ).flatMap { $0 }.flatMap(CalendarDay.init(parsing:))
    }

    static func query(_ db: any SQLDatabase, _ clause: SQLQueryString, limit: Int, order: String = "n.id DESC") async throws -> [NominationRecord] {
        try await db.raw(
            """
            SELECT n.*, t.name AS title_name, o.name AS organization_name, o.path AS organization_path, m.name AS member_name,
              nom.name AS nominator_name, h.name AS holder_name, r.year AS round_year, rc.name AS committee_name
            FROM nominations n JOIN commendation_titles t ON t.code = n.title JOIN organizations o ON o.id = n.organization_id
            LEFT JOIN members m ON m.id = n.member_id JOIN organizations nom ON nom.id = n.nominator_id JOIN organizations h ON h.id = n.holder_id
            JOIN commendation_rounds r ON r.id = n.round_id JOIN organizations rc ON rc.id = r.organization_id WHERE
            """ + " " + clause + " ORDER BY \(unsafeRaw: order) LIMIT \(unsafeRaw: String(max(1, limit)))"
        ).all().map { row in
            let day = { (c: String) in try row.optionalString(c).flatMap(CalendarDay.init(parsing:)) }
            return NominationRecord(
                id: try row.int64("id"), roundID: try row.int64("round_id"), title: try row.string("title"), titleName: try row.string("title_name"),
                organizationID: try row.int64("organization_id"), organizationName: try row.string("organization_name"),
                organizationPath: try TreePath(row.string("organization_path")) ?? TreePath(ids: [row.int64("organization_id")]),
                memberID: try row.decode(column: "member_id", as: Int64?.self), memberName: try row.optionalString("member_name"),
                nominatorID: try row.int64("nominator_id"), nominatorName: try row.string("nominator_name"), holderID: try row.int64("holder_id"),
                holderName: try row.string("holder_name"), state: NominationState(rawValue: try row.string("state")) ?? .pending,
                deeds: try row.string("deeds"), summary: try row.string("summary"),
                facts: (try? JSONDecoder().decode(EligibilityFacts.self, from: Data(try row.string("facts").utf8))) ?? EligibilityFacts(),
                reason: try row.optionalString("reason"), commendedOn: try day("commended_on"), revokedOn: try day("revoked_on"),
                barredUntil: try day("barred_until"), createdBy: try row.string("created_by"), at: try row.int64("at"),
                year: try row.int("round_year"), committeeName: try row.string("committee_name"))
        }
    }

    // MARK: facts

    /// What the records say about the nominee for `year` (see `EligibilityFacts`).
    static func facts(
        _ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int, today: CalendarDay, rules: [PointRule]
    ) async throws
        -> EligibilityFacts
    {
        let decided = try await DeterminationRepository.decided(db, organizationID: organizationID, memberID: memberID, year: year)
        let items = try await DeterminationRepository.items(db, organizationID: organizationID, memberID: memberID, year: year, today: today)
        let subject: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL AND organization_id = \(bind: organizationID)"
        let overdue =
            try await db.raw("SELECT COUNT(*) AS n FROM rectification_items WHERE overdue = \(bind: true) AND state <> 'checked_off' AND " + subject)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let revoked = try await db.raw("SELECT MAX(revoked_on) AS d FROM nominations WHERE state = 'revoked' AND " + subject).first(
            decodingColumn: "d", as: String?.self
        ).flatMap { $0 }.flatMap(CalendarDay.init(parsing:))
        var score: Double?
        var points: Int?
        if let memberID {
            let entries = try await PointRepository.entries(db, memberIDs: [memberID], rules: rules)
            points = entries.filter { $0.day.year == year && $0.state == "approved" }.reduce(0) { $0 + $1.points }
        } else {
            // The superior's score (综合评价, else 统一考核) of the year's sheets: the self-check is not evidence.
            score = try await db.raw(
                """
                SELECT e.total, e.stage FROM scoring_entries e JOIN scoring_sheets s ON s.id = e.sheet_id
                WHERE s.organization_id = \(bind: organizationID) AND s.year = \(bind: year) AND e.stage IN ('comprehensive', 'assessment')
                ORDER BY CASE e.stage WHEN 'comprehensive' THEN 0 ELSE 1 END, e.total DESC LIMIT 1
                """
            ).first(decodingColumn: "total", as: Double.self)
        }
        return EligibilityFacts(
            grade: decided?.grade, satisfaction: try await BackwardRepository.latestSatisfaction(db, organizationID: organizationID, memberID: memberID),
            score: score, backward: try await BackwardRepository.isDesignated(db, organizationID: memberID == nil ? organizationID : nil, memberID: memberID),
            overdueItems: overdue, revokedOn: revoked, points: points, itemsDue: items.count, itemsFulfilled: items.fulfilled)
    }

    // MARK: objections

    static func insertObjection(
        _ db: any SQLDatabase, nomination: Int64, content: String, name: String?, contact: String?, client: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "commendation_objections").columns("nomination_id", "content", "name", "contact", "client", "at")
            .values(SQLBind(nomination), SQLBind(content), SQLBind(name), SQLBind(contact), SQLBind(client), SQLBind(now))
            .returning("id").first(decodingColumn: "id", as: Int64.self) ?? 0
    }

    /// One client's objections take turns (the throttle's count and insert), on PostgreSQL by an advisory lock.
    static func lockClient(_ db: any SQLDatabase, client: String) async throws {
        guard db.engine == .postgres else { return }
        _ = try await db.raw("SELECT pg_advisory_xact_lock(hashtext(\(bind: "objection:" + client)))").all()
    }

    /// Objections one client lodged since `since` (the throttle).
    static func objections(_ db: any SQLDatabase, client: String, since: Int64) async throws -> Int {
        try await db.raw("SELECT COUNT(*) AS n FROM commendation_objections WHERE client = \(bind: client) AND at >= \(bind: since)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func objections(_ db: any SQLDatabase, round: Int64) async throws -> [ObjectionRecord] {
        try await objectionQuery(db, "n.round_id = \(bind: round)")
    }

    static func objection(_ db: any SQLDatabase, id: Int64) async throws -> ObjectionRecord? {
        try await objectionQuery(db, "x.id = \(bind: id)").first
    }

    /// Objections not yet verified, of the round's nominations.
    static func openObjections(_ db: any SQLDatabase, round: Int64) async throws -> Int {
        try await db.raw(
            "SELECT COUNT(*) AS n FROM commendation_objections x JOIN nominations n ON n.id = x.nomination_id WHERE n.round_id = \(bind: round) AND x.outcome IS NULL"
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    static func verify(_ db: any SQLDatabase, id: Int64, outcome: ObjectionOutcome, text: String, by actor: String, now: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE commendation_objections SET outcome = \(bind: outcome.rawValue), verification = \(bind: text), verified_by = \(bind: actor),
            verified_at = \(bind: now) WHERE id = \(bind: id) AND outcome IS NULL RETURNING id
            """
        ).all()).isEmpty
    }

    static func objectionQuery(_ db: any SQLDatabase, _ clause: SQLQueryString) async throws -> [ObjectionRecord] {
        try await db.raw(
            "SELECT x.*, n.round_id FROM commendation_objections x JOIN nominations n ON n.id = x.nomination_id WHERE " + clause + " ORDER BY x.id LIMIT 2000"
        ).all().map {
            ObjectionRecord(
                id: try $0.int64("id"), nominationID: try $0.int64("nomination_id"), roundID: try $0.int64("round_id"), content: try $0.string("content"),
                name: try $0.optionalString("name"),
                contact: try $0.optionalString("contact"), outcome: try $0.optionalString("outcome").flatMap(ObjectionOutcome.init(rawValue:)),
                verification: try $0.optionalString("verification"), verifiedBy: try $0.optionalString("verified_by"), at: try $0.int64("at"))
        }
    }
}
