import SQLKit
import VanguardCore

/// What speaks for a contact point as a model (shown beside a proposal): its latest satisfaction, this
/// year's public commitments and how many are fulfilled, this year's visits, and open rectification items.
public struct DemonstrationEvidence: Sendable, Hashable {
    public var satisfaction: Double?
    public var commitments: Int
    public var fulfilled: Int
    public var visitsThisYear: Int
    public var openItems: Int
}

/// 示范点 of one organization, as its page shows it: the titles and proposals the caller may see, the
/// criteria, the evidence (for those concerned), and what the caller may do.
public struct DemonstrationDesk: Sendable {
    public var organization: OrganizationRecord
    public var records: [DemonstrationRecord]
    public var criteria: [DemonstrationCriterion]
    /// For private readers there, the point's contact leaders and the level above (nil for others: its open
    /// items and ballots are not theirs to read).
    public var evidence: DemonstrationEvidence?
    /// Whether the caller may propose it now (a contact point of hers, or she manages it from above, and nothing live).
    public var mayPropose: Bool
    /// The proposal the caller may decide, if any.
    public var decidable: Int64?
    /// For a caller who reads private data there: the subtree's titles and proposals (the latest 200) and their total.
    public var subtree: (rows: [DemonstrationRecord], total: Int)?
}

/// 示范点: a leader (or the organization department above) proposes one of her contact points with the
/// criteria it meets; an officer of an organization above it — not the proposer — approves it or says why
/// not. Titles are seen by everyone who sees the organization; proposals by those who read private data
/// there and by the point's contact leaders.
public struct DemonstrationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该示范点", "Demonstration point")

    static func isContactPoint(_ db: any SQLDatabase, organizationID: Int64, caller: Caller) async throws -> Bool {
        guard let member = caller.memberID else { return false }
        return try await LeaderCommentRepository.contacts(db, memberID: member).contains {
            $0.organizationID == organizationID && $0.kind == CommentRelation.contactPoint.rawValue
        }
    }

    static func desk(_ db: any SQLDatabase, _ org: OrganizationRecord, _ caller: Caller, year: Int) async throws -> DemonstrationDesk {
        let all = try await DemonstrationRepository.of(db, organizationID: org.id)
        let reads = caller.allows(.readPrivate, at: org.path)
        let mine = try await isContactPoint(db, organizationID: org.id, caller: caller)
        let live = all.contains { $0.state != .rejected }
        let mayDecide = caller.isSystem || caller.scope.allowsAbove(.manageOrganizations, at: org.path)
        return DemonstrationDesk(
            organization: org,
            // The point's contact leaders see its proposals (they would propose it themselves); others the title only.
            records: all.filter { $0.state == .approved || reads || mine },
            criteria: try await DemonstrationRepository.criteria(db),
            evidence: reads || mine || mayDecide ? try await DemonstrationRepository.evidence(db, organizationID: org.id, year: year) : nil,
            mayPropose: !live && !org.dissolved && (mine || mayDecide),
            decidable: mayDecide ? all.first { $0.state == .proposed && $0.proposedBy != caller.username }?.id : nil,
            subtree: reads ? try await DemonstrationRepository.under(db, path: org.path, state: nil, limit: 200) : nil)
    }

    public func criteria() async throws -> [DemonstrationCriterion] {
        try await backend.read { db in try await DemonstrationRepository.criteria(db) }
    }

    public func desk(organizationID: Int64, as caller: Caller) async throws -> DemonstrationDesk {
        let year = time.today().year
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await Self.desk(db, org, caller, year: year)
        }
    }

    /// 申报示范点: the leader whose contact point it is (`leaderID` nil), or an officer managing it from above
    /// for a leader (`leaderID`, whose contact point it must be).
    public func propose(organizationID: Int64, leaderID: Int64?, criteria: [String], note: String, as caller: Caller) async throws -> DemonstrationRecord {
        let today = time.today()
        let now = time.nowMillis()
        let id = try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let mine = try await Self.isContactPoint(db, organizationID: org.id, caller: caller)
            guard mine || caller.isSystem || caller.scope.allowsAbove(.manageOrganizations, at: org.path) else {
                throw VanguardError(.forbidden, .init("只有联系该点的领导干部或上级组织部门可以申报示范点", "Only its contact leader or the organization department above proposes"))
            }
            let leader = mine && leaderID == nil ? caller.memberID : leaderID
            if let leader, !mine || leader != caller.memberID {
                let contacts = try await LeaderCommentRepository.contacts(db, memberID: leader)
                guard contacts.contains(where: { $0.organizationID == org.id && $0.kind == CommentRelation.contactPoint.rawValue }) else {
                    throw VanguardError.invalid("该组织不是这位领导干部的联系点", "It is not this leader's contact point", field: "leaderId")
                }
            }
            let satisfaction = try await BackwardRepository.latestSatisfaction(db, organizationID: org.id, memberID: nil)
            try DemonstrationRules.checkProposal(
                criteria: criteria, known: try await DemonstrationRepository.criteria(db), note: note,
                backward: try await BackwardRepository.isDesignated(db, organizationID: org.id), satisfaction: satisfaction)
            let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
            guard
                let id = try await DemonstrationRepository.insert(
                    db, organizationID: org.id, memberID: leader, criteria: criteria, note: text, satisfaction: satisfaction, on: today,
                    by: caller.username, now: now)
            else { throw VanguardError.conflict("该组织已申报或已是示范点", "It is proposed or a demonstration point already") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "demonstration.propose", targetType: "organization", targetID: org.id,
                    summary: "申报示范点：\(org.name)"))
            return id
        }
        return try await get(id)
    }

    /// 审批: approves (命名) or not, with the reason.
    public func decide(_ id: Int64, approve: Bool, note: String, as caller: Caller) async throws -> DemonstrationRecord {
        let today = time.today()
        let now = time.nowMillis()
        try await backend.write { db in
            guard let record = try await DemonstrationRepository.get(db, id: id) else { throw VanguardError.notFound(Self.what) }
            let org = try await OrganizationRepository.visible(db, id: record.organizationID, to: caller, what: Self.what)
            // A proposal is private: whoever does not read it there does not learn it exists.
            guard record.state == .approved || caller.allows(.readPrivate, at: org.path) else { throw VanguardError.notFound(Self.what) }
            guard caller.isSystem || caller.scope.allowsAbove(.manageOrganizations, at: org.path) else {
                throw VanguardError(.forbidden, .init("只有上级组织部门可以审批示范点", "Only the organization department above decides"))
            }
            try DemonstrationRules.checkDecision(state: record.state, approve: approve, note: note, proposedBy: record.proposedBy, caller: caller.username)
            // Designated backward since it was proposed: no model for others.
            if approve, try await BackwardRepository.isDesignated(db, organizationID: org.id) {
                throw VanguardError.conflict("该组织已被认定为后进且尚未摘帽，不能命名为示范点", "The unit is designated backward: it cannot be named")
            }
            guard
                try await DemonstrationRepository.decide(
                    db, id: id, approve: approve, note: note.trimmingCharacters(in: .whitespacesAndNewlines), on: today, by: caller.username)
            else { throw VanguardError.conflict("该申报已经审批", "This proposal has been decided") }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: approve ? "demonstration.approve" : "demonstration.reject", targetType: "organization",
                    targetID: org.id, summary: (approve ? "命名示范点：" : "示范点未通过：") + org.name))
        }
        return try await get(id)
    }

    /// A title or proposal, for a caller who may see it (a proposal is private to readers there): else 404.
    public func record(_ id: Int64, as caller: Caller) async throws -> DemonstrationRecord {
        try await backend.read { db in
            guard let r = try await DemonstrationRepository.get(db, id: id) else { throw VanguardError.notFound(Self.what) }
            let org = try await OrganizationRepository.visible(db, id: r.organizationID, to: caller, what: Self.what)
            guard r.state == .approved || caller.allows(.readPrivate, at: org.path) else { throw VanguardError.notFound(Self.what) }
            return r
        }
    }

    func get(_ id: Int64) async throws -> DemonstrationRecord {
        try await backend.read { db in
            guard let r = try await DemonstrationRepository.get(db, id: id) else { throw VanguardError.notFound(Self.what) }
            return r
        }
    }

    /// 示范点 of a subtree (or those in `state`), for those who read private data there.
    public func board(
        organizationID: Int64, state: DemonstrationState?, as caller: Caller, limit: Int = 500
    ) async throws -> (
        organization: OrganizationRecord, rows: [DemonstrationRecord], total: Int
    ) {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.readPrivate, at: org.path, what: OrganizationService.what)
            let found = try await DemonstrationRepository.under(db, path: org.path, state: state, limit: limit)
            return (org, found.rows, found.total)
        }
    }
}
