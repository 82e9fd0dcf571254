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

/// One comment a leader owes this half year, and the comment if written.
public struct CommentDuty: Sendable, Hashable {
    public var relation: CommentRelation
    public var organizationID: Int64
    public var memberID: Int64?
    public var subjectName: String
    public var comment: LeaderCommentRecord?
}

/// 点评进度 of a subtree for one relation: how many comments are owed and how many are written. The
/// secretary is not among the members their own branch comments on (the superior's leadership does).
public struct CommentProgressRow: Sendable, Hashable {
    public var relation: CommentRelation
    public var expected: Int
    public var done: Int
    public var progress: CommentProgress
}

/// A comment still owed: about whom, and by whom.
public struct OutstandingComment: Sendable, Hashable {
    public var relation: CommentRelation
    public var subjectName: String
    public var organizationName: String
    public var commenterName: String
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

/// 领导点评: every half year, leaders comment on whom the tree and their contact points say they
/// must; the campaign office sees for any subtree which comments are due, done and late.
public struct LeaderCommentService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该点评对象", "Comment subject")

    /// The comments the caller owes for `period`, each with what was written.
    public func duties(period: HalfYear, as caller: Caller) async throws -> [CommentDuty] {
        try await backend.read { db in
            let who = try await Self.commenter(db, caller)
            var out: [CommentDuty] = []
            if !who.secretaryOf.isEmpty {
                for row in try await db.raw(
                    "SELECT id, name, organization_id FROM members WHERE organization_id IN (\(SQLList(who.secretaryOf.sorted().map { SQLBind($0) }))) ORDER BY organization_id, name, id LIMIT 2000"
                ).all() {
                    let id = try row.int64("id")
                    guard id != who.memberID else { continue }
                    out.append(
                        .init(relation: .branchSecretary, organizationID: try row.int64("organization_id"), memberID: id, subjectName: try row.string("name")))
                }
            }
            var orgs: [(CommentRelation, Int64)] =
                who.contactPoints.sorted().map { (.contactPoint, $0) } + who.supervisedUnits.sorted().map { (.supervisedUnit, $0) }
            if !who.leadershipOf.isEmpty {
                orgs += try await db.raw(
                    "SELECT id FROM organizations WHERE dissolved = \(bind: false) AND parent_id IN (\(SQLList(who.leadershipOf.sorted().map { SQLBind($0) }))) ORDER BY path LIMIT 2000"
                ).all(decodingColumn: "id", as: Int64.self).map { (.leadership, $0) }
            }
            for (relation, id) in orgs {
                guard let o = try await OrganizationRepository.get(db, id: id), !o.dissolved else { continue }
                out.append(.init(relation: relation, organizationID: id, memberID: nil, subjectName: o.name))
            }
            // Attach what was written, one query for all.
            let keys = out.map { Self.dutyKey(period, $0.relation, organizationID: $0.organizationID, memberID: $0.memberID, commenter: who.memberID) }
            var written: [String: LeaderCommentRecord] = [:]
            for chunk in keys.chunked(500) {
                for row in try await db.raw("SELECT * FROM leader_comments WHERE duty_key IN (\(SQLList(chunk.map { SQLBind($0) })))").all() {
                    written[try row.string("duty_key")] = try Self.record(row)
                }
            }
            for i in out.indices { out[i].comment = written[keys[i]] }
            return out
        }
    }

    /// Writes (or revises) the caller's comment on an organization (`memberID` nil) or a member. The
    /// relation is derived; a caller with none is refused. Past half years may still be commented
    /// (late), future ones not.
    public func comment(
        period: HalfYear, organizationID: Int64, memberID: Int64?, _ draft: LeaderCommentDraft, as caller: Caller
    ) async throws -> LeaderCommentRecord {
        let d = try LeaderCommentRule.checked(draft)
        guard period <= HalfYear.containing(time.today()) else {
            throw VanguardError.invalid("不能点评尚未开始的半年", "That half year has not begun", field: "period")
        }
        let now = time.nowMillis()
        return try await backend.write { db in
            let who = try await Self.commenter(db, caller)
            // A leader's contact point may lie outside their own scope: the link itself lets them in.
            guard let org = try await OrganizationRepository.get(db, id: organizationID),
                caller.canSee(org.path) || who.contactPoints.contains(org.id) || who.supervisedUnits.contains(org.id)
            else { throw VanguardError.notFound(Self.what) }
            var subjectName = org.name
            let subject: CommentSubject
            if let memberID {
                guard let m = try await MemberRepository.get(db, id: memberID), m.organizationID == org.id else { throw VanguardError.notFound(Self.what) }
                subject = .member(id: memberID, branchID: org.id)
                subjectName = m.draft.name
            } else {
                subject = .organization(id: org.id, parentID: org.parentID)
            }
            guard let relation = LeaderCommentRule.relation(of: who, to: subject) else {
                throw VanguardError(
                    .forbidden,
                    .init(
                        "您不是该对象的点评人：支部书记点评本支部党员，班子成员点评所属组织，领导干部点评联系点和分管单位",
                        "You do not comment on this subject"))
            }
            let key = Self.dutyKey(period, relation, organizationID: org.id, memberID: memberID, commenter: who.memberID)
            try await db.raw("DELETE FROM leader_comments WHERE duty_key = \(bind: key)").run()
            try await db.insert(into: "leader_comments")
                .columns(
                    "duty_key", "period", "relation", "organization_id", "member_id", "commenter_member_id", "commenter", "commenter_name", "achievements",
                    "problems", "direction", "grade", "at"
                )
                .values(
                    SQLBind(key), SQLBind(period.description), SQLBind(relation.rawValue), SQLBind(org.id), SQLBind(memberID), SQLBind(who.memberID),
                    SQLBind(caller.username), SQLBind(caller.displayName), SQLBind(d.achievements), SQLBind(d.problems), SQLBind(d.direction),
                    SQLBind(d.grade.rawValue), SQLBind(now)
                ).run()
            try await AuditRepository.append(
                db,
                .init(
                    at: now, actor: caller.username, action: "comment", targetType: memberID == nil ? "organization" : "member", targetID: memberID ?? org.id,
                    summary: "\(period.name.zh)\(relation.name.zh)：\(subjectName)，\(d.grade.name.zh)"))
            return LeaderCommentRecord(
                id: 0, period: period, relation: relation, organizationID: org.id, memberID: memberID, subjectName: subjectName,
                commenterName: caller.displayName, draft: d, at: now)
        }
    }

    /// The comments on one organization (`memberID` nil) or member, newest first.
    public func comments(organizationID: Int64, memberID: Int64?, as caller: Caller) async throws -> [LeaderCommentRecord] {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: Self.what)
            // A comment on a member is for the member and those who may read private records, not for the whole branch.
            if let memberID, caller.memberID != memberID, !caller.allows(.readPrivate, at: org.path) { throw VanguardError.notFound(Self.what) }
            let subject: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
            var name = org.name
            if let memberID { name = try await MemberRepository.get(db, id: memberID)?.draft.name ?? "" }
            return try await db.raw("SELECT * FROM leader_comments WHERE organization_id = \(bind: org.id) AND " + subject + " ORDER BY period DESC, at DESC")
                .all().map {
                    var r = try Self.record($0)
                    r.subjectName = name
                    return r
                }
        }
    }

    /// The grade a subject's comments give a year: the latest half year's, averaged over its comments.
    static func yearGrade(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int) async throws -> EvaluationGrade? {
        let subject: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL AND organization_id = \(bind: organizationID)"
        let rows = try await db.raw(
            "SELECT period, grade FROM leader_comments WHERE " + subject + " AND period IN (\(bind: "\(year)-H1"), \(bind: "\(year)-H2")) ORDER BY period DESC"
        ).all()
        guard let latest = try rows.first?.string("period") else { return nil }
        let scores = try rows.filter { try $0.string("period") == latest }.compactMap { EvaluationGrade(rawValue: try $0.string("grade"))?.score }
        let mean = scores.reduce(0, +) / Double(scores.count)
        return EvaluationGrade.allCases.min { abs($0.score - mean) < abs($1.score - mean) }
    }

    /// For a subtree and a half year: per relation, comments owed and written, and the first still owed.
    public func progress(
        organizationID: Int64, period: HalfYear, as caller: Caller
    ) async throws -> (rows: [CommentProgressRow], outstanding: [OutstandingComment]) {
        let today = time.today()
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            let b = subtreeBounds(org.path)
            let inTree: SQLQueryString = "o.path >= \(bind: b.low) AND o.path < \(bind: b.high) AND o.dissolved = \(bind: false)"
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
            var done: [CommentRelation: Int] = [:]
            for row in try await db.raw(
                "SELECT c.relation, COUNT(*) AS n FROM leader_comments c JOIN organizations o ON o.id = c.organization_id WHERE c.period = \(bind: period.description) AND "
                    + inTree + " GROUP BY c.relation"
            ).all() {
                if let r = CommentRelation(rawValue: try row.string("relation")) { done[r] = try row.int("n") }
            }
            let rows = CommentRelation.allCases.map { r in
                let e = expected[r] ?? 0
                let d = min(done[r] ?? 0, e)
                return CommentProgressRow(relation: r, expected: e, done: d, progress: .of(done: d >= e, period: period, today: today))
            }
            let p = period.description
            var outstanding: [OutstandingComment] = []
            for row in try await db.raw(
                """
                SELECT m.name AS subject, o.name AS org, COALESCE((SELECT s.name FROM members s WHERE s.organization_id = o.id AND s.secretary = \(bind: true) ORDER BY s.id LIMIT 1), '支部书记') AS commenter
                FROM members m JOIN organizations o ON o.id = m.organization_id WHERE o.kind = 'branch' AND m.secretary = \(bind: false) AND
                """ + " " + inTree
                    + " AND NOT EXISTS (SELECT 1 FROM leader_comments c WHERE c.member_id = m.id AND c.period = \(bind: p) AND c.relation = 'branch_secretary') ORDER BY o.path, m.id LIMIT 50"
            ).all() {
                outstanding.append(
                    .init(
                        relation: .branchSecretary, subjectName: try row.string("subject"), organizationName: try row.string("org"),
                        commenterName: try row.string("commenter")))
            }
            for row in try await db.raw(
                "SELECT o.name AS subject, sup.name AS org FROM organizations o JOIN organizations sup ON sup.id = o.parent_id WHERE " + inTree
                    + " AND NOT EXISTS (SELECT 1 FROM leader_comments c WHERE c.organization_id = o.id AND c.member_id IS NULL AND c.period = \(bind: p) AND c.relation = 'leadership') ORDER BY o.path LIMIT 50"
            ).all() {
                let sup = try row.string("org")
                outstanding.append(.init(relation: .leadership, subjectName: try row.string("subject"), organizationName: sup, commenterName: "\(sup)班子成员"))
            }
            for row in try await db.raw(
                "SELECT lc.kind, o.name AS subject, o.name AS org, lm.name AS commenter FROM leader_contacts lc JOIN organizations o ON o.id = lc.organization_id JOIN members lm ON lm.id = lc.member_id WHERE "
                    + inTree
                    + " AND NOT EXISTS (SELECT 1 FROM leader_comments c WHERE c.organization_id = lc.organization_id AND c.commenter_member_id = lc.member_id AND c.period = \(bind: p) AND c.relation = lc.kind) ORDER BY o.path, lc.id LIMIT 50"
            ).all() {
                outstanding.append(
                    .init(
                        relation: CommentRelation(rawValue: try row.string("kind")) ?? .contactPoint, subjectName: try row.string("subject"),
                        organizationName: try row.string("org"), commenterName: try row.string("commenter")))
            }
            return (rows, outstanding)
        }
    }

    /// The leaders' contact points and supervised units in a subtree.
    public func contacts(organizationID: Int64, as caller: Caller) async throws -> [LeaderContact] {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let b = subtreeBounds(org.path)
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
    }

    /// Links a leading cadre (by member number) to an organization as contact point or supervised unit.
    public func addContact(organizationID: Int64, memberNo: String, relation: CommentRelation, as caller: Caller) async throws {
        guard relation.personal else { throw VanguardError.invalid("只能设置联系点或分管单位", "Only a contact point or a supervised unit", field: "kind") }
        let now = time.nowMillis()
        try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.manageOrganizations, at: org.path, what: OrganizationService.what)
            guard let m = try await MemberRepository.get(db, memberNo: memberNo.trimmingCharacters(in: .whitespaces)) else {
                throw VanguardError.invalid("没有党员编号为“\(memberNo)”的党员", "No member numbered \(memberNo)", field: "memberNo")
            }
            guard m.draft.categories.leadingCadre else {
                throw VanguardError.invalid("\(m.draft.name)不是领导干部，不能设联系点", "\(m.draft.name) is not a leading cadre", field: "memberNo")
            }
            let exists = try await db.raw("SELECT id FROM leader_contacts WHERE member_id = \(bind: m.id) AND organization_id = \(bind: org.id)").first() != nil
            guard !exists else { throw VanguardError.conflict("\(m.draft.name)已联系\(org.name)", "Already linked") }
            try await db.insert(into: "leader_contacts").columns("member_id", "organization_id", "kind", "created_by", "created_at")
                .values(SQLBind(m.id), SQLBind(org.id), SQLBind(relation.rawValue), SQLBind(caller.username), SQLBind(now)).run()
            try await AuditRepository.append(
                db,
                .init(
                    at: now, actor: caller.username, action: "contact.add", targetType: "organization", targetID: org.id,
                    summary: "\(m.draft.name)：\(relation.name.zh)"))
        }
    }

    static let contactWhat = Bilingual("该联系点", "Contact point")

    public func removeContact(id: Int64, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            guard
                let orgID = try await db.raw("SELECT organization_id FROM leader_contacts WHERE id = \(bind: id)").first(
                    decodingColumn: "organization_id", as: Int64.self)
            else { throw VanguardError.notFound(Self.contactWhat) }
            // One answer for a contact point that does not exist and one outside the caller's scope.
            let org = try await OrganizationRepository.visible(db, id: orgID, to: caller, what: Self.contactWhat)
            try caller.require(.manageOrganizations, at: org.path, what: Self.contactWhat)
            try await db.raw("DELETE FROM leader_contacts WHERE id = \(bind: id)").run()
            try await AuditRepository.append(
                db, .init(at: now, actor: caller.username, action: "contact.remove", targetType: "organization", targetID: org.id, summary: "取消联系点"))
        }
    }

    /// What the database knows of the caller as a commenter: their member flags, role grants and links.
    static func commenter(_ db: any SQLDatabase, _ caller: Caller) async throws -> Commenter {
        var who = Commenter(memberID: caller.memberID)
        for g in caller.scope.grants {
            if g.role == .branchSecretary { who.secretaryOf.insert(g.organizationID) }
            if g.role == .leadingCadre { who.leadershipOf.insert(g.organizationID) }
        }
        if let id = caller.memberID, let m = try await MemberRepository.get(db, id: id) {
            if m.draft.categories.secretary {
                who.secretaryOf.insert(m.organizationID)
            }
            if m.draft.categories.secretary || m.draft.categories.leadingCadre { who.leadershipOf.insert(m.organizationID) }
            for row in try await db.raw("SELECT organization_id, kind FROM leader_contacts WHERE member_id = \(bind: id)").all() {
                let o = try row.int64("organization_id")
                if try row.string("kind") == CommentRelation.supervisedUnit.rawValue { who.supervisedUnits.insert(o) } else { who.contactPoints.insert(o) }
            }
        }
        // Only branches have members to comment on as their secretary.
        if !who.secretaryOf.isEmpty {
            who.secretaryOf = Set(
                try await db.raw(
                    "SELECT id FROM organizations WHERE kind = 'branch' AND id IN (\(SQLList(who.secretaryOf.sorted().map { SQLBind($0) })))"
                ).all(decodingColumn: "id", as: Int64.self))
        }
        return who
    }

    static func dutyKey(_ period: HalfYear, _ relation: CommentRelation, organizationID: Int64, memberID: Int64?, commenter: Int64?) -> String {
        let subject = memberID.map { "m\($0)" } ?? "o\(organizationID)"
        return "\(period)|\(relation.rawValue)|\(subject)" + (relation.personal ? "|\(commenter ?? 0)" : "")
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
