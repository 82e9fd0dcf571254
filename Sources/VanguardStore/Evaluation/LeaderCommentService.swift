import SQLKit
import VanguardCore

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

/// 领导点评: every half year, leaders comment on whom the tree and their contact points say they
/// must; the campaign office sees for any subtree which comments are due, done and late.
public struct LeaderCommentService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该点评对象", "Comment subject")

    /// The comments the caller owes for `period`, each with what was written.
    public func duties(period: HalfYear, as caller: Caller) async throws -> [CommentDuty] {
        try await backend.read { db in try await Self.duties(db, period: period, caller) }
    }

    static func duties(_ db: any SQLDatabase, period: HalfYear, _ caller: Caller) async throws -> [CommentDuty] {
        let who = try await Self.commenter(db, caller)
        var out: [CommentDuty] = []
        if !who.secretaryOf.isEmpty {
            for m in try await LeaderCommentRepository.branchMembers(db, branchIDs: who.secretaryOf) {
                guard m.id != who.memberID else { continue }
                out.append(.init(relation: .branchSecretary, organizationID: m.organizationID, memberID: m.id, subjectName: m.name))
            }
        }
        var orgs: [(CommentRelation, Int64)] =
            who.contactPoints.sorted().map { (.contactPoint, $0) } + who.supervisedUnits.sorted().map { (.supervisedUnit, $0) }
        if !who.leadershipOf.isEmpty {
            orgs += try await LeaderCommentRepository.childIDs(db, parentIDs: who.leadershipOf).map { (.leadership, $0) }
        }
        for (relation, id) in orgs {
            guard let o = try await OrganizationRepository.get(db, id: id), !o.dissolved else { continue }
            out.append(.init(relation: relation, organizationID: id, memberID: nil, subjectName: o.name))
        }
        // Attach what was written, one query for all.
        let keys = out.map { Self.dutyKey(period, $0.relation, organizationID: $0.organizationID, memberID: $0.memberID, commenter: who.memberID) }
        let written = try await LeaderCommentRepository.written(db, dutyKeys: keys)
        for i in out.indices { out[i].comment = written[keys[i]] }
        return out
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
            try await LeaderCommentRepository.replace(
                db, dutyKey: key, period: period, relation: relation, organizationID: org.id, memberID: memberID, commenterMemberID: who.memberID,
                commenter: caller.username, commenterName: caller.displayName, draft: d, now: now)
            try await WritePath.record(
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
            guard CommentReaders.mayRead(commentOn: memberID, readerMemberID: caller.memberID, readsPrivate: caller.allows(.readPrivate, at: org.path)) else {
                throw VanguardError.notFound(Self.what)
            }
            var name = org.name
            if let memberID { name = try await MemberRepository.get(db, id: memberID)?.draft.name ?? "" }
            return try await LeaderCommentRepository.on(db, organizationID: org.id, memberID: memberID).map {
                var r = $0
                r.subjectName = name
                return r
            }
        }
    }

    /// For a subtree and a half year: per relation, comments owed and written, and the first still owed.
    public func progress(
        organizationID: Int64, period: HalfYear, as caller: Caller
    ) async throws -> (rows: [CommentProgressRow], outstanding: [OutstandingComment]) {
        let sheet = try await progressSheet(organizationID: organizationID, period: period, as: caller)
        return (sheet.rows, sheet.outstanding)
    }

    /// 点评进度页: the progress of a subtree's comments in a half year, with the leaders' contact points
    /// and supervised units there, in one read.
    public func progressSheet(organizationID: Int64, period: HalfYear, as caller: Caller) async throws -> CommentProgressSheet {
        let today = time.today()
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            let expected = try await LeaderCommentRepository.expected(db, under: org.path)
            let done = try await LeaderCommentRepository.done(db, under: org.path, period: period)
            let rows = CommentRelation.allCases.map { r in
                let e = expected[r] ?? 0
                let d = min(done[r] ?? 0, e)
                return CommentProgressRow(relation: r, expected: e, done: d, progress: .of(done: d >= e, period: period, today: today))
            }
            var outstanding = try await LeaderCommentRepository.outstandingMembers(db, under: org.path, period: period)
            for (subject, superior) in try await LeaderCommentRepository.outstandingOrganizations(db, under: org.path, period: period) {
                outstanding.append(.init(relation: .leadership, subjectName: subject, organizationName: superior, commenterName: "\(superior)班子成员"))
            }
            outstanding += try await LeaderCommentRepository.outstandingContacts(db, under: org.path, period: period)
            return CommentProgressSheet(
                organization: org, rows: rows, outstanding: outstanding, contacts: try await LeaderCommentRepository.contacts(db, under: org.path))
        }
    }

    /// The leaders' contact points and supervised units in a subtree.
    public func contacts(organizationID: Int64, as caller: Caller) async throws -> [LeaderContact] {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await LeaderCommentRepository.contacts(db, under: org.path)
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
            let exists = try await LeaderCommentRepository.contactExists(db, memberID: m.id, organizationID: org.id)
            guard !exists else { throw VanguardError.conflict("\(m.draft.name)已联系\(org.name)", "Already linked") }
            try await LeaderCommentRepository.addContact(db, memberID: m.id, organizationID: org.id, relation: relation, by: caller.username, now: now)
            try await WritePath.record(
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
            guard let orgID = try await LeaderCommentRepository.contactOrganization(db, id: id) else { throw VanguardError.notFound(Self.contactWhat) }
            // One answer for a contact point that does not exist and one outside the caller's scope.
            let org = try await OrganizationRepository.visible(db, id: orgID, to: caller, what: Self.contactWhat)
            try caller.require(.manageOrganizations, at: org.path, what: Self.contactWhat)
            try await LeaderCommentRepository.removeContact(db, id: id)
            try await WritePath.record(
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
            for (o, kind) in try await LeaderCommentRepository.contacts(db, memberID: id) {
                if kind == CommentRelation.supervisedUnit.rawValue { who.supervisedUnits.insert(o) } else { who.contactPoints.insert(o) }
            }
        }
        // Only branches have members to comment on as their secretary.
        if !who.secretaryOf.isEmpty {
            who.secretaryOf = try await LeaderCommentRepository.branchIDs(db, among: who.secretaryOf)
        }
        return who
    }

    static func dutyKey(_ period: HalfYear, _ relation: CommentRelation, organizationID: Int64, memberID: Int64?, commenter: Int64?) -> String {
        let subject = memberID.map { "m\($0)" } ?? "o\(organizationID)"
        return "\(period)|\(relation.rawValue)|\(subject)" + (relation.personal ? "|\(commenter ?? 0)" : "")
    }
}

/// What the comment progress page shows of a subtree's half year.
public struct CommentProgressSheet: Sendable {
    public let organization: OrganizationRecord
    public let rows: [CommentProgressRow]
    public let outstanding: [OutstandingComment]
    public let contacts: [LeaderContact]
}
