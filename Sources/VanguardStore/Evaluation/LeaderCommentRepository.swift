import SQLKit
import VanguardCore

/// A leader comment as stored.
public struct LeaderCommentRecord: Sendable, Hashable {
    public var id: Int64
    public var period: HalfYear
    public var relation: CommentRelation
    public var organizationID: Int64
    public var memberID: Int64?
    public var subjectName: String
    public var commenterName: String
    public var draft: LeaderCommentDraft
    public var at: Int64
}

/// A leader's contact point or supervised unit (领导干部联系点).
public struct LeaderContact: Sendable, Hashable {
    public var id: Int64
    public var memberID: Int64
    public var memberName: String
    public var organizationID: Int64
    public var organizationName: String
    public var relation: CommentRelation
}

/// SQL for leader comments (领导点评), who they are owed to, and the leaders' contact points.
enum LeaderCommentRepository {
    /// The members of some branches, by branch and name.
    static func branchMembers(_ db: any SQLDatabase, branchIDs: Set<Int64>) async throws -> [(id: Int64, name: String, organizationID: Int64)] {
        try await db.raw(
            "SELECT id, name, organization_id FROM members WHERE organization_id IN (\(SQLList(branchIDs.sorted().map { SQLBind($0) }))) ORDER BY organization_id, name, id LIMIT 2000"
        ).all().map { (try $0.int64("id"), try $0.string("name"), try $0.int64("organization_id")) }
    }

    /// The organizations directly under some organizations that are not dissolved, in tree order.
    static func childIDs(_ db: any SQLDatabase, parentIDs: Set<Int64>) async throws -> [Int64] {
        try await db.raw(
            "SELECT id FROM organizations WHERE dissolved = \(bind: false) AND parent_id IN (\(SQLList(parentIDs.sorted().map { SQLBind($0) }))) ORDER BY path LIMIT 2000"
        ).all(decodingColumn: "id", as: Int64.self)
    }

    /// Which of some organizations are branches.
    static func branchIDs(_ db: any SQLDatabase, among ids: Set<Int64>) async throws -> Set<Int64> {
        Set(
            try await db.raw(
                "SELECT id FROM organizations WHERE kind = 'branch' AND id IN (\(SQLList(ids.sorted().map { SQLBind($0) })))"
            ).all(decodingColumn: "id", as: Int64.self))
    }

    /// The comments written for some duties, by duty key.
    static func written(_ db: any SQLDatabase, dutyKeys: [String]) async throws -> [String: LeaderCommentRecord] {
        var written: [String: LeaderCommentRecord] = [:]
        for chunk in dutyKeys.chunked(500) {
            for row in try await db.raw("SELECT * FROM leader_comments WHERE duty_key IN (\(SQLList(chunk.map { SQLBind($0) })))").all() {
                written[try row.string("duty_key")] = try record(row)
            }
        }
        return written
    }

    /// Replaces the comment of a duty by a new one.
    static func replace(
        _ db: any SQLDatabase, dutyKey key: String, period: HalfYear, relation: CommentRelation, organizationID: Int64, memberID: Int64?,
        commenterMemberID: Int64?, commenter: String, commenterName: String, draft d: LeaderCommentDraft, now: Int64
    ) async throws {
        try await db.raw("DELETE FROM leader_comments WHERE duty_key = \(bind: key)").run()
        try await db.insert(into: "leader_comments")
            .columns(
                "duty_key", "period", "relation", "organization_id", "member_id", "commenter_member_id", "commenter", "commenter_name", "achievements",
                "problems", "direction", "grade", "at"
            )
            .values(
                SQLBind(key), SQLBind(period.description), SQLBind(relation.rawValue), SQLBind(organizationID), SQLBind(memberID), SQLBind(commenterMemberID),
                SQLBind(commenter), SQLBind(commenterName), SQLBind(d.achievements), SQLBind(d.problems), SQLBind(d.direction),
                SQLBind(d.grade.rawValue), SQLBind(now)
            ).run()
    }

    /// The comments on an organization (`memberID` nil) or a member, newest first; `subjectName` is left empty.
    static func on(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?) async throws -> [LeaderCommentRecord] {
        let subject: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
        return try await db.raw(
            "SELECT * FROM leader_comments WHERE organization_id = \(bind: organizationID) AND " + subject + " ORDER BY period DESC, at DESC"
        )
        .all().map(record)
    }

    /// The grade a subject's comments give a year: the latest half year's, averaged over its comments.
    static func yearGrade(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int) async throws -> EvaluationGrade? {
        let rows = try await grades(db, organizationID: organizationID, memberID: memberID, year: year)
        guard let latest = rows.first?.period else { return nil }
        let scores = rows.filter { $0.period == latest }.compactMap { $0.grade?.score }
        let mean = scores.reduce(0, +) / Double(scores.count)
        return EvaluationGrade.allCases.min { abs($0.score - mean) < abs($1.score - mean) }
    }

    /// A subject's comments of a year's two half years, latest half year first.
    static func grades(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int) async throws -> [(period: String, grade: EvaluationGrade?)] {
        let subject: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL AND organization_id = \(bind: organizationID)"
        return try await db.raw(
            "SELECT period, grade FROM leader_comments WHERE " + subject + " AND period IN (\(bind: "\(year)-H1"), \(bind: "\(year)-H2")) ORDER BY period DESC"
        ).all().map { (try $0.string("period"), EvaluationGrade(rawValue: try $0.string("grade"))) }
    }

    /// Per relation, the comments owed in the subtree under `path` (live organizations only).
    static func expected(_ db: any SQLDatabase, under path: TreePath) async throws -> [CommentRelation: Int] {
        let inTree = inTree(path)
        var expected: [CommentRelation: Int] = [:]
        expected[.branchSecretary] = try await db.raw(
            "SELECT COUNT(*) AS n FROM members m JOIN organizations o ON o.id = m.organization_id WHERE o.kind = 'branch' AND m.secretary = \(bind: false) AND "
                + inTree
        ).first(decodingColumn: "n", as: Int.self)
        expected[.leadership] = try await db.raw("SELECT COUNT(*) AS n FROM organizations o WHERE o.parent_id IS NOT NULL AND " + inTree).first(
            decodingColumn: "n", as: Int.self)
        for row in try await db.raw(
            "SELECT lc.kind, COUNT(*) AS n FROM leader_contacts lc JOIN organizations o ON o.id = lc.organization_id WHERE " + inTree + " GROUP BY lc.kind"
        ).all() {
            if let r = CommentRelation(rawValue: try row.string("kind")) { expected[r] = try row.int("n") }
        }
        return expected
    }

    /// Per relation, the comments written in the subtree under `path` for a half year.
    static func done(_ db: any SQLDatabase, under path: TreePath, period: HalfYear) async throws -> [CommentRelation: Int] {
        var done: [CommentRelation: Int] = [:]
        for row in try await db.raw(
            "SELECT c.relation, COUNT(*) AS n FROM leader_comments c JOIN organizations o ON o.id = c.organization_id WHERE c.period = \(bind: period.description) AND "
                + inTree(path) + " GROUP BY c.relation"
        ).all() {
            if let r = CommentRelation(rawValue: try row.string("relation")) { done[r] = try row.int("n") }
        }
        return done
    }

    /// The first 50 members under `path` their branch secretary has not commented on for the half year.
    static func outstandingMembers(_ db: any SQLDatabase, under path: TreePath, period: HalfYear) async throws -> [OutstandingComment] {
        let p = period.description
        return try await db.raw(
            """
            SELECT m.name AS subject, o.name AS org, COALESCE((SELECT s.name FROM members s WHERE s.organization_id = o.id AND s.secretary = \(bind: true) ORDER BY s.id LIMIT 1), '支部书记') AS commenter
            FROM members m JOIN organizations o ON o.id = m.organization_id WHERE o.kind = 'branch' AND m.secretary = \(bind: false) AND
            """ + " " + inTree(path)
                + " AND NOT EXISTS (SELECT 1 FROM leader_comments c WHERE c.member_id = m.id AND c.period = \(bind: p) AND c.relation = 'branch_secretary') ORDER BY o.path, m.id LIMIT 50"
        ).all().map {
            OutstandingComment(
                relation: .branchSecretary, subjectName: try $0.string("subject"), organizationName: try $0.string("org"),
                commenterName: try $0.string("commenter"))
        }
    }

    /// The first 50 organizations under `path` their superior's leadership has not commented on, with the superior's name.
    static func outstandingOrganizations(_ db: any SQLDatabase, under path: TreePath, period: HalfYear) async throws -> [(subject: String, superior: String)] {
        let p = period.description
        return try await db.raw(
            "SELECT o.name AS subject, sup.name AS org FROM organizations o JOIN organizations sup ON sup.id = o.parent_id WHERE " + inTree(path)
                + " AND NOT EXISTS (SELECT 1 FROM leader_comments c WHERE c.organization_id = o.id AND c.member_id IS NULL AND c.period = \(bind: p) AND c.relation = 'leadership') ORDER BY o.path LIMIT 50"
        ).all().map { (try $0.string("subject"), try $0.string("org")) }
    }

    /// The first 50 contact points and supervised units under `path` their leader has not commented on.
    static func outstandingContacts(_ db: any SQLDatabase, under path: TreePath, period: HalfYear) async throws -> [OutstandingComment] {
        let p = period.description
        return try await db.raw(
            "SELECT lc.kind, o.name AS subject, o.name AS org, lm.name AS commenter FROM leader_contacts lc JOIN organizations o ON o.id = lc.organization_id JOIN members lm ON lm.id = lc.member_id WHERE "
                + inTree(path)
                + " AND NOT EXISTS (SELECT 1 FROM leader_comments c WHERE c.organization_id = lc.organization_id AND c.commenter_member_id = lc.member_id AND c.period = \(bind: p) AND c.relation = lc.kind) ORDER BY o.path, lc.id LIMIT 50"
        ).all().map {
            OutstandingComment(
                relation: CommentRelation(rawValue: try $0.string("kind")) ?? .contactPoint, subjectName: try $0.string("subject"),
                organizationName: try $0.string("org"), commenterName: try $0.string("commenter"))
        }
    }

    /// The contact points and supervised units in the subtree under `path`.
    static func contacts(_ db: any SQLDatabase, under path: TreePath) async throws -> [LeaderContact] {
        let b = subtreeBounds(path)
        return try await db.raw(
            """
            SELECT lc.id, lc.member_id, m.name AS member_name, lc.organization_id, o.name AS organization_name, lc.kind FROM leader_contacts lc
            JOIN organizations o ON o.id = lc.organization_id JOIN members m ON m.id = lc.member_id
            WHERE o.path >= \(bind: b.low) AND o.path < \(bind: b.high) ORDER BY o.path, lc.id LIMIT 1000
            """
        ).all().map {
            LeaderContact(
                id: try $0.int64("id"), memberID: try $0.int64("member_id"), memberName: try $0.string("member_name"),
                organizationID: try $0.int64("organization_id"), organizationName: try $0.string("organization_name"),
                relation: CommentRelation(rawValue: try $0.string("kind")) ?? .contactPoint)
        }
    }

    /// A member's links, as (organization, relation kind).
    static func contacts(_ db: any SQLDatabase, memberID: Int64) async throws -> [(organizationID: Int64, kind: String)] {
        try await db.raw("SELECT organization_id, kind FROM leader_contacts WHERE member_id = \(bind: memberID)").all().map {
            (try $0.int64("organization_id"), try $0.string("kind"))
        }
    }

    /// Whether a member is linked to an organization already.
    static func contactExists(_ db: any SQLDatabase, memberID: Int64, organizationID: Int64) async throws -> Bool {
        try await db.raw("SELECT id FROM leader_contacts WHERE member_id = \(bind: memberID) AND organization_id = \(bind: organizationID)").first() != nil
    }

    /// Links a member to an organization.
    static func addContact(
        _ db: any SQLDatabase, memberID: Int64, organizationID: Int64, relation: CommentRelation, by username: String, now: Int64
    ) async throws {
        try await db.insert(into: "leader_contacts").columns("member_id", "organization_id", "kind", "created_by", "created_at")
            .values(SQLBind(memberID), SQLBind(organizationID), SQLBind(relation.rawValue), SQLBind(username), SQLBind(now)).run()
    }

    /// The organization of a link, nil if there is no such link.
    static func contactOrganization(_ db: any SQLDatabase, id: Int64) async throws -> Int64? {
        try await db.raw("SELECT organization_id FROM leader_contacts WHERE id = \(bind: id)").first(decodingColumn: "organization_id", as: Int64.self)
    }

    /// Removes a link.
    static func removeContact(_ db: any SQLDatabase, id: Int64) async throws {
        try await db.raw("DELETE FROM leader_contacts WHERE id = \(bind: id)").run()
    }

    /// Live organizations in the subtree under `path` (`o` in the queries above).
    static func inTree(_ path: TreePath) -> SQLQueryString {
        let b = subtreeBounds(path)
        return "o.path >= \(bind: b.low) AND o.path < \(bind: b.high) AND o.dissolved = \(bind: false)"
    }

    static func record(_ row: any SQLRow) throws -> LeaderCommentRecord {
        LeaderCommentRecord(
            id: try row.int64("id"), period: HalfYear(try row.string("period")) ?? HalfYear(year: 2000, half: 1)!,
            relation: CommentRelation(rawValue: try row.string("relation")) ?? .leadership, organizationID: try row.int64("organization_id"),
            memberID: try row.optionalInt64("member_id"), subjectName: "", commenterName: try row.string("commenter_name"),
            draft: .init(
                achievements: try row.string("achievements"), problems: try row.string("problems"), direction: try row.string("direction"),
                grade: EvaluationGrade(rawValue: try row.string("grade")) ?? .qualified),
            at: try row.int64("at"))
    }
}
