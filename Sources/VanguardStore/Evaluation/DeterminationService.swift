import SQLKit
import VanguardCore

/// A determination as proposed or decided.
public struct DeterminationRecord: Sendable, Hashable {
    public var commentGrade: EvaluationGrade?
    public var fulfilmentRate: Double?
    public var satisfactionRate: Double?
    public var proposedScore: Double?
    public var proposedGrade: EvaluationGrade?
    public var decided: EvaluationGrade?
    public var reason: String?
    /// What the proposal could not use (no items due, no comment, no closed round).
    public var missing: [Bilingual] = []
}

/// The determinations an organization makes in a year, as its page shows them.
public struct DeterminationBoard: Sendable {
    public struct Row: Sendable {
        public let name: String
        public let organizationID: Int64
        /// nil: the organization itself is the subject.
        public let memberID: Int64?
        public let determination: DeterminationRecord
    }
    public let organization: OrganizationRecord
    public let rows: [Row]
}

/// 组织认定 (评诺): the superior organization determines an organization's year, the branch a member's,
/// from the year's leader comments, commitment fulfilment and mass-evaluation satisfaction;
/// deciding moves the year's published commitments to 已评诺.
public struct DeterminationService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    /// What the rules propose for an organization (`memberID` nil) or one of its members.
    public func propose(
        organizationID: Int64, memberID: Int64?, year: Int, policy: DeterminationPolicy? = nil, as caller: Caller
    ) async throws
        -> DeterminationRecord
    {
        try await backend.read { db in
            _ = try await Self.determiner(db, organizationID: organizationID, memberID: memberID, caller)
            return try await Self.proposal(db, organizationID: organizationID, memberID: memberID, year: year, policy: policy, today: time.today())
        }
    }

    /// 认定页: what this organization determines — its members (a branch) and the organizations directly
    /// under it — each with the rules' proposal and any decision, in one read. Subjects the caller may not
    /// determine are left out.
    public func board(organizationID: Int64, year: Int, as caller: Caller, limit: Int = 300) async throws -> DeterminationBoard {
        let today = time.today()
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            var subjects: [(name: String, organizationID: Int64, memberID: Int64?)] = []
            if org.kind == .branch {
                subjects += try await MemberRepository.list(db, organizationID: org.id, limit: limit, offset: 0).map { ($0.draft.name, org.id, $0.id) }
            }
            subjects += try await OrganizationRepository.children(db, of: org.id, limit: limit).map { ($0.name, $0.id, nil) }
            let policy = try await PointRepository.settings(db, year: year).determination
            var rows: [DeterminationBoard.Row] = []
            for s in subjects {
                guard (try? await Self.determiner(db, organizationID: s.organizationID, memberID: s.memberID, caller)) != nil else { continue }
                let p = try await Self.proposal(db, organizationID: s.organizationID, memberID: s.memberID, year: year, policy: policy, today: today)
                rows.append(.init(name: s.name, organizationID: s.organizationID, memberID: s.memberID, determination: p))
            }
            return DeterminationBoard(organization: org, rows: rows)
        }
    }

    /// Confirms the proposal or overrides it with a reason, and marks the year's commitments evaluated.
    public func determine(
        organizationID: Int64, memberID: Int64?, year: Int, grade: EvaluationGrade, reason: String?, policy: DeterminationPolicy? = nil,
        as caller: Caller
    ) async throws -> DeterminationRecord {
        let now = time.nowMillis()
        return try await backend.write { db in
            _ = try await Self.determiner(db, organizationID: organizationID, memberID: memberID, caller)
            var p = try await Self.proposal(db, organizationID: organizationID, memberID: memberID, year: year, policy: policy, today: time.today())
            let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            try DeterminationPolicy.checkOverride(proposed: p.proposedGrade, decided: grade, reason: reason)
            let determined = DeterminationSubject(organizationID: organizationID, memberID: memberID, year: year)
            try await WritePath.changing(db, Changes(determinations: [determined]), now: now) {
                try await DeterminationRepository.replace(
                    db, year: year, organizationID: organizationID, memberID: memberID, proposal: p, grade: grade, reason: reason, by: caller.username,
                    now: now)
            }
            // 评诺: every commitment of the subject's year that reached the board is now evaluated.
            let open: [CommitmentState] = [.published, .inProgress, .fulfilled, .overdue]
            for c in try await CommitmentRepository.ofYear(db, organizationID: organizationID, memberID: memberID, year: year, states: open) {
                try await CommitmentRepository.transition(
                    db, id: c.id, from: c.state, to: .evaluated, action: .evaluate, expectedVersion: c.version, actor: caller.username,
                    note: "组织认定：\(grade.name.zh)", now: now)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "determination", targetType: memberID == nil ? "organization" : "member",
                    targetID: memberID ?? organizationID,
                    summary: "\(year)年认定为\(grade.name.zh)" + (p.proposedGrade.map { "（建议\($0.name.zh)）" } ?? "") + (reason.map { "：\($0)" } ?? "")))
            p.decided = grade
            p.reason = reason
            return p
        }
    }

    /// The organization that determines: the superior for an organization, the member's own for a member.
    static func determiner(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, _ caller: Caller) async throws -> OrganizationRecord {
        let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
        if let memberID {
            guard let m = try await MemberRepository.get(db, id: memberID), m.organizationID == org.id else { throw VanguardError.notFound(MemberService.what) }
            try CommitmentReview.checkNotOwn(reviewerMemberID: caller.memberID, subject: .member(memberID))
            try caller.require(.reviewCommitments, at: org.path, what: OrganizationService.what)
            return org
        }
        let superiorID = try CommitmentReview.reviewer(forOrganizationAt: org.path)
        guard let superior = try await OrganizationRepository.get(db, id: superiorID), caller.allows(.reviewCommitments, at: superior.path) else {
            throw VanguardError(.forbidden, .init("组织的认定由上级组织作出", "An organization is determined by its superior"))
        }
        return superior
    }

    /// `policy` nil: the campaign's own (评价办法), from the settings of the campaign covering the year.
    static func proposal(
        _ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int, policy: DeterminationPolicy?, today: CalendarDay
    ) async throws
        -> DeterminationRecord
    {
        var campaignPolicy = policy
        if campaignPolicy == nil { campaignPolicy = try await PointRepository.settings(db, year: year).determination }
        let policy = campaignPolicy ?? .init()
        let items = try await DeterminationRepository.items(db, organizationID: organizationID, memberID: memberID, year: year, today: today)
        let fulfilment = items.count > 0 ? Double(items.fulfilled) / Double(items.count) : nil
        let satisfaction = try await DeterminationRepository.satisfaction(db, organizationID: organizationID, memberID: memberID)
        let comment = try await LeaderCommentRepository.yearGrade(db, organizationID: organizationID, memberID: memberID, year: year)
        let proposed = policy.propose(comment: comment, fulfilmentRate: fulfilment, satisfactionRate: satisfaction)
        let decided = try await DeterminationRepository.decided(db, organizationID: organizationID, memberID: memberID, year: year)
        return DeterminationRecord(
            commentGrade: comment, fulfilmentRate: fulfilment, satisfactionRate: satisfaction, proposedScore: proposed?.score, proposedGrade: proposed?.grade,
            decided: decided?.grade, reason: decided?.reason,
            missing: DeterminationPolicy.missing(comment: comment, fulfilmentRate: fulfilment, satisfactionRate: satisfaction))
    }
}
