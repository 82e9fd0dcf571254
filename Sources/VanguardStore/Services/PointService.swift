import Foundation
import SQLKit
import VanguardCore

/// One line of a member's point ledger, with the points the current rules give it.
public struct PointEntry: Sendable, Hashable {
    public var id: Int64
    public var memberID: Int64
    public var memberName: String
    public var event: PointEventKind
    public var day: CalendarDay
    public var points: Int
    public var reason: String?
    /// approved, pending (a manual entry awaiting its second person) or rejected.
    public var state: String
    public var proposedBy: String
    public var approvedBy: String?
}

/// A member's year in points: total, rank in the branch, stars.
public struct PointStanding: Sendable, Hashable {
    public var memberID: Int64
    public var name: String
    public var total: Int
    public var rank: Int
    public var stars: Int
}

/// 积分制管理与评星定级: automatic events come from what the system knows (a commitment fulfilled on
/// time, a determination's grade, a closed round's satisfaction rate), manual ones from the branch with
/// a reason and a second person's approval; totals are computed from the events under the campaign's
/// current rules, never stored.
public struct PointService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该积分记录", "Point entry")

    /// The settings of the campaign covering `year` (the standard ones if it has none).
    public func settings(year: Int) async throws -> EvaluationSettings {
        try await backend.read { db in try await Self.settings(db, year: year) }
    }

    /// A campaign's own settings (the standard ones until the office sets them).
    public func settings(campaignID: Int64) async throws -> EvaluationSettings {
        try await backend.read { db in
            guard
                let json = try await db.raw("SELECT settings FROM evaluation_settings WHERE campaign_id = \(bind: campaignID)").first(
                    decodingColumn: "settings", as: String.self)
            else { return .standard }
            return try JSONDecoder().decode(EvaluationSettings.self, from: Data(json.utf8))
        }
    }

    /// 评价办法: the campaign office sets a campaign's weights, point rules and star thresholds.
    public func saveSettings(campaignID: Int64, _ settings: EvaluationSettings, as caller: Caller) async throws {
        guard caller.isSystem || caller.scope.grants.contains(where: { $0.role == .campaignOffice }) else {
            throw VanguardError(.forbidden, .init("只有领导小组办公室可以制定评价办法", "Only the campaign office sets the evaluation rules"))
        }
        try settings.check()
        let now = time.nowMillis()
        let json = String(decoding: try JSONEncoder().encode(settings), as: UTF8.self)
        try await backend.write { db in
            guard try await db.raw("SELECT id FROM campaigns WHERE id = \(bind: campaignID)").first() != nil else {
                throw VanguardError.notFound(.init("该活动", "Campaign"))
            }
            try await db.raw("DELETE FROM evaluation_settings WHERE campaign_id = \(bind: campaignID)").run()
            try await db.insert(into: "evaluation_settings").columns("campaign_id", "settings", "updated_by", "updated_at")
                .values(SQLBind(campaignID), SQLBind(json), SQLBind(caller.username), SQLBind(now)).run()
            try await StatsRepository.rebuildPoints(db)  // new rules or thresholds give every member a new total and level
            try await AuditRepository.append(
                db, .init(at: now, actor: caller.username, action: "settings.save", targetType: "campaign", targetID: campaignID, summary: "修改评价办法"))
        }
    }

    /// A member's ledger (every year, so caps apply in order) and their standing in `year`.
    public func ledger(memberID: Int64, year: Int, as caller: Caller) async throws -> (entries: [PointEntry], standing: PointStanding) {
        let member = try await MemberService(backend: backend, time: time).get(memberID, as: caller)
        let standings = try await ranking(branchID: member.organizationID, year: year, as: caller)
        return try await backend.read { db in
            let settings = try await Self.settings(db, year: year)
            let entries = try await Self.entries(db, memberIDs: [memberID], rules: settings.pointRules)
            guard let standing = standings.first(where: { $0.memberID == memberID }) else { throw VanguardError.notFound(MemberService.what) }
            return (entries, standing)
        }
    }

    /// 积分排名: every member of the branch in `year`, highest total first.
    public func ranking(branchID: Int64, year: Int, as caller: Caller) async throws -> [PointStanding] {
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: branchID, to: caller, what: OrganizationService.what)
            try await Self.syncCounted(db, branchID: org.id, year: year, now: now)
            let settings = try await Self.settings(db, year: year)
            let members = try await db.raw("SELECT id, name FROM members WHERE organization_id = \(bind: org.id) ORDER BY id").all().map {
                (try $0.int64("id"), try $0.string("name"))
            }
            let entries = try await Self.entries(db, memberIDs: members.map(\.0), rules: settings.pointRules)
            var totals: [Int64: Int] = [:]
            for e in entries where e.state == "approved" && e.day.year == year { totals[e.memberID, default: 0] += e.points }
            let list = members.map { ($0.0, $0.1, totals[$0.0] ?? 0) }
            let ranks = PointRanking.ranks(list.map(\.2))
            return zip(list, ranks).map { m, rank in
                PointStanding(memberID: m.0, name: m.1, total: m.2, rank: rank, stars: StarLevel.stars(for: Double(m.2), thresholds: settings.memberStars))
            }.sorted { ($0.rank, $0.memberID) < ($1.rank, $1.memberID) }
        }
    }

    /// Proposes manual points (negative to deduct) with a reason; they count once another person approves.
    public func propose(memberID: Int64, points: Int, reason: String, as caller: Caller) async throws -> Int64 {
        try ManualPointsRule.check(points: points, reason: reason)
        let now = time.nowMillis()
        let today = time.today()
        return try await backend.write { db in
            guard let m = try await MemberRepository.get(db, id: memberID), caller.canSee(m.organizationPath) else {
                throw VanguardError.notFound(MemberService.what)
            }
            try caller.require(.manageMembers, at: m.organizationPath, what: MemberService.what)
            let id = try await db.insert(into: "point_events")
                .columns("member_id", "event", "day", "manual_points", "reason", "state", "proposed_by", "at")
                .values(
                    SQLBind(memberID), SQLBind(PointEventKind.manual.rawValue), SQLBind(today.description), SQLBind(points),
                    SQLBind(reason.trimmingCharacters(in: .whitespacesAndNewlines)), SQLBind("pending"), SQLBind(caller.username), SQLBind(now)
                ).returning("id").first(decodingColumn: "id", as: Int64.self)!
            try await AuditRepository.append(
                db,
                .init(at: now, actor: caller.username, action: "points.propose", targetType: "member", targetID: memberID, summary: "提出加减分\(points)：\(reason)"))
            return id
        }
    }

    /// Approves (or rejects) a pending manual entry; its proposer cannot.
    public func decide(eventID: Int64, approve: Bool, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            guard let row = try await db.raw("SELECT member_id, state, proposed_by FROM point_events WHERE id = \(bind: eventID)").first(),
                let m = try await MemberRepository.get(db, id: try row.int64("member_id")), caller.canSee(m.organizationPath)
            else { throw VanguardError.notFound(Self.what) }
            try caller.require(.manageMembers, at: m.organizationPath, what: Self.what)
            try ManualPointsRule.checkApprover(proposedBy: try row.string("proposed_by"), approver: caller.username)
            let changed = try await StatsRepository.trackingPoints(db, members: [m.id]) {
                try await db.raw(
                    "UPDATE point_events SET state = \(bind: approve ? "approved" : "rejected"), approved_by = \(bind: caller.username) WHERE id = \(bind: eventID) AND state = 'pending' RETURNING id"
                ).all()
            }
            guard !changed.isEmpty else { throw VanguardError.conflict("该加减分已经审核过", "This entry was decided already") }
            try await AuditRepository.append(
                db,
                .init(
                    at: now, actor: caller.username, action: approve ? "points.approve" : "points.reject", targetType: "member", targetID: m.id,
                    summary: approve ? "审核通过加减分" : "退回加减分"))
        }
    }

    /// Manual entries of a branch awaiting a second person.
    public func pending(branchID: Int64, as caller: Caller) async throws -> [PointEntry] {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: branchID, to: caller, what: OrganizationService.what)
            let ids = try await db.raw("SELECT id FROM members WHERE organization_id = \(bind: org.id)").all(decodingColumn: "id", as: Int64.self)
            return try await Self.entries(db, memberIDs: ids, rules: []).filter { $0.state == "pending" }
        }
    }

    static func settings(_ db: any SQLDatabase, year: Int) async throws -> EvaluationSettings {
        guard
            let json = try await db.raw(
                "SELECT s.settings FROM evaluation_settings s JOIN campaigns c ON c.id = s.campaign_id WHERE c.start_year <= \(bind: year) AND c.end_year >= \(bind: year) ORDER BY c.id DESC LIMIT 1"
            ).first(decodingColumn: "settings", as: String.self)
        else { return .standard }
        return try JSONDecoder().decode(EvaluationSettings.self, from: Data(json.utf8))
    }

    /// The events of some members with the points the rules give each, oldest first.
    static func entries(_ db: any SQLDatabase, memberIDs: [Int64], rules: [PointRule]) async throws -> [PointEntry] {
        var out: [PointEntry] = []
        for chunk in memberIDs.chunked(500) {
            out += try await db.raw(
                "SELECT p.*, m.name FROM point_events p JOIN members m ON m.id = p.member_id WHERE p.member_id IN (\(SQLList(chunk.map { SQLBind($0) }))) ORDER BY p.day, p.id"
            ).all().map { row in
                PointEntry(
                    id: try row.int64("id"), memberID: try row.int64("member_id"), memberName: try row.string("name"),
                    event: PointEventKind(rawValue: try row.string("event")) ?? .manual, day: try row.day("day"),
                    points: try row.decode(column: "manual_points", as: Int?.self) ?? 0, reason: try row.optionalString("reason"),
                    state: try row.string("state"),
                    proposedBy: try row.string("proposed_by"), approvedBy: try row.optionalString("approved_by"))
            }
        }
        // Rules apply per member, in date order, to the approved events only.
        for (_, indices) in Dictionary(grouping: out.indices.filter { out[$0].state == "approved" }, by: { out[$0].memberID }) {
            let events = indices.map { i in
                PointEvent(event: out[i].event.rawValue, day: out[i].day, manualPoints: out[i].event == .manual ? out[i].points : nil)
            }
            for (i, p) in zip(indices, PointLedger.apply(events, rules: rules)) { out[i].points = p }
        }
        return out.sorted { ($0.day, $0.id) < ($1.day, $1.id) }
    }

    /// Brings the members' automatic events up to date with a fact about them that just changed
    /// (a commitment fulfilled, a determination, a closed round), in the fact's transaction.
    static func refresh(_ db: any SQLDatabase, memberIDs: [Int64], year: Int, now: Int64) async throws {
        guard !memberIDs.isEmpty else { return }
        try await StatsRepository.trackingPoints(db, members: memberIDs) {
            try await sync(db, members: "(\(SQLList(memberIDs.map { SQLBind($0) })))", year: year, now: now)
        }
    }

    /// `sync`, with what it changes added to the point counters.
    static func syncCounted(_ db: any SQLDatabase, branchID: Int64, year: Int, now: Int64) async throws {
        let members = try await db.raw("SELECT id FROM members WHERE organization_id = \(bind: branchID)").all(decodingColumn: "id", as: Int64.self)
        try await StatsRepository.trackingPoints(db, members: members) { try await sync(db, branchID: branchID, year: year, now: now) }
    }

    /// Records the automatic events a branch's members earned in `year` from what the system knows,
    /// each exactly once (keyed by its fact), and drops those whose fact no longer holds.
    static func sync(_ db: any SQLDatabase, branchID: Int64, year: Int, now: Int64) async throws {
        try await sync(db, members: "(SELECT id FROM members WHERE organization_id = \(bind: branchID))", year: year, now: now)
    }

    /// `sync` for the members the subquery `members` selects (every branch at once, for a bulk load).
    static func sync(_ db: any SQLDatabase, members: SQLQueryString, year: Int, now: Int64) async throws {
        var facts: [String: (member: Int64, event: PointEventKind, day: CalendarDay)] = [:]
        for row in try await db.raw(
            """
            SELECT c.id, c.member_id, MAX(i.fulfilled_on) AS day FROM commitments c JOIN commitment_items i ON i.commitment_id = c.id
            WHERE c.member_id IN
            """ + " " + members
                + """
                 AND c.year = \(bind: year) AND c.state IN ('fulfilled', 'evaluated') GROUP BY c.id, c.member_id
                HAVING SUM(CASE WHEN i.fulfilled = \(bind: true) AND i.fulfilled_on <= i.deadline THEN 0 ELSE 1 END) = 0
                """
        ).all() {
            guard let day = try row.optionalString("day").flatMap(CalendarDay.init(parsing:)) else { continue }
            facts["\(year):fulfilled:\(try row.int64("id"))"] = (try row.int64("member_id"), .fulfilledOnTime, day)
        }
        for row in try await db.raw("SELECT member_id, grade, at FROM determinations WHERE year = \(bind: year) AND member_id IN " + members).all() {
            guard let g = EvaluationGrade(rawValue: try row.string("grade")) else { continue }
            let m = try row.int64("member_id")
            facts["\(year):grade:\(m)"] = (m, PointEventKind.grade(g), Self.day(try row.int64("at")))
        }
        for row in try await db.raw(
            """
            SELECT t.id, t.member_id, res.rate, r.closed_at FROM evaluation_results res JOIN evaluation_targets t ON t.id = res.target_id
            JOIN evaluation_rounds r ON r.id = t.round_id WHERE r.state = 'closed' AND res.rate IS NOT NULL AND r.period LIKE \(bind: "\(year)-%") AND t.member_id IN
            """ + " " + members
        ).all() {
            guard let kind = PointEventKind.satisfaction(try row.decode(column: "rate", as: Double.self)),
                let closed = try row.decode(column: "closed_at", as: Int64?.self)
            else { continue }
            facts["\(year):satisfaction:\(try row.int64("id"))"] = (try row.int64("member_id"), kind, Self.day(closed))
        }
        var existing: [String: (id: Int64, event: String)] = [:]
        for row in try await db.raw("SELECT id, source_key, event FROM point_events WHERE source_key LIKE \(bind: "\(year):%") AND member_id IN " + members)
            .all()
        {
            existing[try row.string("source_key")] = (try row.int64("id"), try row.string("event"))
        }
        for (key, old) in existing where facts[key]?.event.rawValue != old.event {
            try await db.raw("DELETE FROM point_events WHERE id = \(bind: old.id)").run()
        }
        for (key, f) in facts.sorted(by: { $0.key < $1.key }) where existing[key]?.event != f.event.rawValue {
            // Two readers may sync the same branch at once: the fact's key lets only one row in.
            try await db.raw(
                """
                INSERT INTO point_events (member_id, event, day, source_key, state, proposed_by, at)
                VALUES (\(bind: f.member), \(bind: f.event.rawValue), \(bind: f.day.description), \(bind: key), 'approved', 'system', \(bind: now))
                ON CONFLICT (source_key) DO NOTHING
                """
            ).run()
        }
    }

    /// The day (China Standard Time) of a moment.
    static func day(_ millis: Int64) -> CalendarDay { CalendarDay.fromDaysSince1970(Int((millis / 1000 + 8 * 3600) / 86400)) }
}
