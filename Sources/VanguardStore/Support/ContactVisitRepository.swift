import SQLKit
import VanguardCore

/// 调研指导 as recorded.
public struct ContactVisitRecord: Sendable, Hashable {
    public var id: Int64
    public var memberID: Int64
    public var leaderName: String
    public var organizationID: Int64
    public var organizationName: String
    public var visitedOn: CalendarDay
    public var participants: String
    public var examined: String
    public var problems: String
    public var guidance: String
    public var solved: String
    public var recordedBy: String
}

/// One of a leader's contact points as "我的联系点" shows it.
public struct MyContactPoint: Sendable, Hashable {
    public var organization: OrganizationRecord
    public var lastVisit: CalendarDay?
    public var visitsThisYear: Int
    /// No visit in the current quarter.
    public var due: Bool
    /// Its latest mass-evaluation satisfaction.
    public var satisfaction: Double?
    /// Its public commitments this year and how many of them are fulfilled.
    public var commitments: Int
    public var fulfilled: Int
    /// Rectification items from visits still open.
    public var openItems: Int
    /// 示范点: its title or live proposal, if any.
    public var demonstration: DemonstrationState?
}

/// SQL for contact-point visits and what a leader's contact points show.
public enum ContactVisitRepository {
    public struct NewVisit: Sendable {
        public var memberID: Int64
        public var organizationID: Int64
        public var visitedOn: CalendarDay
        public var participants: String
        public var examined: String
        public var problems: String
        public var guidance: String
        public var solved: String
    }

    static func insert(_ db: any SQLDatabase, _ v: NewVisit, by actor: String, now: Int64) async throws -> Int64 {
        try await db.insert(into: "contact_visits")
            .columns("member_id", "organization_id", "visited_on", "participants", "examined", "problems", "guidance", "solved", "recorded_by", "at")
            .values(
                SQLBind(v.memberID), SQLBind(v.organizationID), SQLBind(v.visitedOn.description), SQLBind(v.participants), SQLBind(v.examined),
                SQLBind(v.problems), SQLBind(v.guidance), SQLBind(v.solved), SQLBind(actor), SQLBind(now)
            ).returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    static func visit(_ db: any SQLDatabase, id: Int64) async throws -> ContactVisitRecord? {
        try await visits(db, id: id, limit: 1).first
    }

    /// Visits to the organization (or by the member), newest first.
    static func visits(
        _ db: any SQLDatabase, id: Int64? = nil, organizationID: Int64? = nil, memberID: Int64? = nil, limit: Int = 100
    ) async throws -> [ContactVisitRecord] {
        var clause: SQLQueryString = "1 = 1"
        if let id { clause = clause + " AND v.id = \(bind: id)" }
        if let organizationID { clause = clause + " AND v.organization_id = \(bind: organizationID)" }
        if let memberID { clause = clause + " AND v.member_id = \(bind: memberID)" }
        return try await db.raw(
            """
            SELECT v.*, m.name AS leader_name, o.name AS organization_name FROM contact_visits v JOIN members m ON m.id = v.member_id
            JOIN organizations o ON o.id = v.organization_id WHERE
            """ + " " + clause + " ORDER BY v.visited_on DESC, v.id DESC LIMIT \(unsafeRaw: String(limit))"
        ).all().map {
            ContactVisitRecord(
                id: try $0.int64("id"), memberID: try $0.int64("member_id"), leaderName: try $0.string("leader_name"),
                organizationID: try $0.int64("organization_id"), organizationName: try $0.string("organization_name"), visitedOn: try $0.day("visited_on"),
                participants: try $0.string("participants"), examined: try $0.string("examined"), problems: try $0.string("problems"),
                guidance: try $0.string("guidance"), solved: try $0.string("solved"), recordedBy: try $0.string("recorded_by"))
        }
    }

    /// The member's contact points with their last visit, this year's visits, satisfaction, commitments and open items.
    static func points(_ db: any SQLDatabase, memberID: Int64, today: CalendarDay, months: Int) async throws -> [MyContactPoint] {
        var out: [MyContactPoint] = []
        let year = today.year
        for (orgID, kind) in try await LeaderCommentRepository.contacts(db, memberID: memberID) where kind == CommentRelation.contactPoint.rawValue {
            guard let org = try await OrganizationRepository.get(db, id: orgID) else { continue }
            let row = try await db.raw(
                """
                SELECT MAX(visited_on) AS last, CAST(SUM(CASE WHEN substr(visited_on, 1, 4) = \(bind: String(year)) THEN 1 ELSE 0 END) AS BIGINT) AS n
                FROM contact_visits WHERE organization_id = \(bind: orgID) AND member_id = \(bind: memberID)
                """
            ).first()
            let last = try row?.decode(column: "last", as: String?.self).flatMap(CalendarDay.init(parsing:))
            let c = try await db.raw(
                """
                SELECT COUNT(*) AS n, CAST(SUM(CASE WHEN state IN ('fulfilled', 'evaluated') THEN 1 ELSE 0 END) AS BIGINT) AS done FROM commitments
                WHERE organization_id = \(bind: orgID) AND year = \(bind: year) AND state IN ('published', 'in_progress', 'overdue', 'fulfilled', 'evaluated')
                """
            ).first()
            let open =
                try await db.raw(
                    """
                    SELECT COUNT(*) AS n FROM rectification_items WHERE source = 'visit' AND organization_id = \(bind: orgID) AND state <> 'checked_off'
                    """
                ).first(decodingColumn: "n", as: Int.self) ?? 0
            out.append(
                MyContactPoint(
                    organization: org, lastVisit: last, visitsThisYear: try row?.decode(column: "n", as: Int?.self) ?? 0,
                    due: ContactVisitRules.isDue(lastVisit: last, today: today, months: months),
                    satisfaction: try await BackwardRepository.latestSatisfaction(db, organizationID: orgID, memberID: nil),
                    commitments: try c?.decode(column: "n", as: Int?.self) ?? 0, fulfilled: try c?.decode(column: "done", as: Int?.self) ?? 0,
                    openItems: open,
                    demonstration: try await DemonstrationRepository.of(db, organizationID: orgID).first { $0.state != .rejected }?.state))
        }
        return out.sorted { ($0.due ? 0 : 1, $0.organization.name) < ($1.due ? 0 : 1, $1.organization.name) }
    }

    /// 联系点覆盖: in the subtree under `path`, the leading cadres without a contact point and the contact
    /// points without a visit from `first` to `last` (the first `limit` of each), with their totals.
    static func coverage(
        _ db: any SQLDatabase, path: TreePath, first: CalendarDay, last: CalendarDay, limit: Int
    ) async throws -> (
        leaders: Int, withoutPoints: [(id: Int64, name: String, organization: String)], withoutCount: Int, points: Int,
        unvisited: [(leader: String, organization: String, organizationID: Int64)], unvisitedCount: Int
    ) {
        let b = subtreeBounds(path)
        let inTree: SQLQueryString = "o.path >= \(bind: b.low) AND o.path < \(bind: b.high)"
        let leaders =
            try await db.raw(
                "SELECT COUNT(*) AS n FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.leading_cadre = \(bind: true) AND " + inTree
            ).first(decodingColumn: "n", as: Int.self) ?? 0
        let without: SQLQueryString =
            "FROM members m JOIN organizations o ON o.id = m.organization_id WHERE m.leading_cadre = \(bind: true) AND " + inTree
            + " AND NOT EXISTS (SELECT 1 FROM leader_contacts lc WHERE lc.member_id = m.id AND lc.kind = 'contact_point')"
        let withoutCount = try await db.raw("SELECT COUNT(*) AS n " + without).first(decodingColumn: "n", as: Int.self) ?? 0
        let withoutRows = try await db.raw("SELECT m.id, m.name, o.name AS org " + without + " ORDER BY o.path, m.id LIMIT \(unsafeRaw: String(limit))").all()
            .map {
                (id: try $0.int64("id"), name: try $0.string("name"), organization: try $0.string("org"))
            }
        let points: SQLQueryString =
            "FROM leader_contacts lc JOIN organizations o ON o.id = lc.organization_id JOIN members m ON m.id = lc.member_id WHERE lc.kind = 'contact_point' AND "
            + inTree
        let pointCount = try await db.raw("SELECT COUNT(*) AS n " + points).first(decodingColumn: "n", as: Int.self) ?? 0
        let unvisited: SQLQueryString =
            points
            + " AND NOT EXISTS (SELECT 1 FROM contact_visits v WHERE v.organization_id = lc.organization_id AND v.member_id = lc.member_id AND v.visited_on >= \(bind: first.description) AND v.visited_on <= \(bind: last.description))"
        let unvisitedCount = try await db.raw("SELECT COUNT(*) AS n " + unvisited).first(decodingColumn: "n", as: Int.self) ?? 0
        let unvisitedRows = try await db.raw(
            "SELECT m.name AS leader, o.name AS org, o.id AS org_id " + unvisited + " ORDER BY o.path, m.id LIMIT \(unsafeRaw: String(limit))"
        ).all().map { (leader: try $0.string("leader"), organization: try $0.string("org"), organizationID: try $0.int64("org_id")) }
        return (leaders, withoutRows, withoutCount, pointCount, unvisitedRows, unvisitedCount)
    }

    /// Every contact point (leader, organization, its name) without a visit by its leader from `first` to
    /// `last`, whose organization still runs, in id order.
    static func unvisited(_ db: any SQLDatabase, first: CalendarDay, last: CalendarDay) async throws -> [(memberID: Int64, organizationID: Int64, name: String)]
    {
        try await db.raw(
            """
            SELECT lc.member_id, lc.organization_id, o.name FROM leader_contacts lc JOIN organizations o ON o.id = lc.organization_id
            WHERE lc.kind = 'contact_point' AND o.dissolved = \(bind: false) AND NOT EXISTS (SELECT 1 FROM contact_visits v WHERE v.member_id = lc.member_id
            AND v.organization_id = lc.organization_id AND v.visited_on >= \(bind: first.description) AND v.visited_on <= \(bind: last.description))
            ORDER BY lc.id
            """
        ).all().map { (try $0.int64("member_id"), try $0.int64("organization_id"), try $0.string("name")) }
    }
}
