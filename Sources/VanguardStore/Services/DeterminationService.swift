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
                let member: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
                try await db.raw("DELETE FROM determinations WHERE year = \(bind: year) AND organization_id = \(bind: organizationID) AND " + member).run()
                try await db.insert(into: "determinations")
                    .columns(
                        "year", "organization_id", "member_id", "fulfilment_rate", "satisfaction_rate", "proposed_score", "proposed_grade", "grade", "reason",
                        "decided_by", "at"
                    )
                    .values(
                        SQLBind(year), SQLBind(organizationID), SQLBind(memberID), SQLBind(p.fulfilmentRate), SQLBind(p.satisfactionRate),
                        SQLBind(p.proposedScore), SQLBind(p.proposedGrade?.rawValue), SQLBind(grade.rawValue), SQLBind(reason), SQLBind(caller.username),
                        SQLBind(now)
                    ).run()
            }
            // 评诺: every commitment of the subject's year that reached the board is now evaluated.
            let subject: SQLQueryString =
                memberID.map { "c.member_id = \(bind: $0)" } ?? "c.member_id IS NULL AND c.organization_id = \(bind: organizationID)"
            let open = SQLList([CommitmentState.published, .inProgress, .fulfilled, .overdue].map { SQLBind($0.rawValue) })
            for c in try await CommitmentRepository.list(db, where: subject + " AND c.year = \(bind: year) AND c.state IN (\(open))", order: "c.id") {
                try await CommitmentRepository.transition(
                    db, id: c.id, from: c.state, to: .evaluated, action: .evaluate, expectedVersion: c.version, actor: caller.username,
                    note: "组织认定：\(grade.name.zh)", now: now)
            }
            try await AuditRepository.append(
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
        let subject: SQLQueryString = memberID.map { "c.member_id = \(bind: $0)" } ?? "c.member_id IS NULL AND c.organization_id = \(bind: organizationID)"
        let row = try await db.raw(
            "SELECT COUNT(*) AS n, SUM(CASE WHEN i.fulfilled THEN 1 ELSE 0 END) AS done FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id WHERE "
                + subject + " AND c.year = \(bind: year) AND c.state NOT IN ('draft', 'withdrawn', 'returned', 'submitted')"
                // Items not yet due and not yet fulfilled say nothing about fulfilment.
                + " AND (i.fulfilled = \(bind: true) OR i.deadline <= \(bind: today.description))"
        ).first()
        let n = try row?.decode(column: "n", as: Int.self) ?? 0
        let fulfilment = n > 0 ? Double(try row?.decode(column: "done", as: Int?.self) ?? 0 ?? 0) / Double(n) : nil
        let target: SQLQueryString = memberID.map { "t.member_id = \(bind: $0)" } ?? "t.member_id IS NULL AND t.organization_id = \(bind: organizationID)"
        let satisfaction = try await db.raw(
            "SELECT res.rate FROM evaluation_results res JOIN evaluation_targets t ON t.id = res.target_id WHERE " + target
                + " AND res.rate IS NOT NULL ORDER BY t.round_id DESC LIMIT 1"
        ).first(decodingColumn: "rate", as: Double.self)
        let comment = try await LeaderCommentService.yearGrade(db, organizationID: organizationID, memberID: memberID, year: year)
        let proposed = policy.propose(comment: comment, fulfilmentRate: fulfilment, satisfactionRate: satisfaction)
        let member: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
        let decided = try await db.raw(
            "SELECT grade, reason FROM determinations WHERE year = \(bind: year) AND organization_id = \(bind: organizationID) AND " + member
        ).first()
        return DeterminationRecord(
            commentGrade: comment, fulfilmentRate: fulfilment, satisfactionRate: satisfaction, proposedScore: proposed?.score, proposedGrade: proposed?.grade,
            decided: try decided.flatMap { EvaluationGrade(rawValue: try $0.string("grade")) }, reason: try decided?.optionalString("reason"),
            missing: DeterminationPolicy.missing(comment: comment, fulfilmentRate: fulfilment, satisfactionRate: satisfaction))
    }
}
