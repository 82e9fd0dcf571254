import SQLKit
import VanguardCore

/// 跟踪检查、整改、回头看: the reviewer's dated records; a rectification demand reaches the
/// commitment's author, who answers it.
public struct SupervisionService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("该检查记录", "Supervision record")

    /// Records a check or a look-back of an organization's commitments, or a rectification demand on
    /// one commitment (then `organizationID` is the commitment's organization).
    public func record(
        organizationID: Int64, kind: SupervisionKind, heldOn: CalendarDay, findings: String, urged: String?, commitmentID: Int64?,
        deadline: CalendarDay?, as caller: Caller
    ) async throws -> SupervisionRecord {
        let today = time.today()
        try CommitmentSupervision.check(kind: kind, findings: findings, urged: urged, commitmentID: commitmentID, deadline: deadline, today: today)
        guard heldOn <= today else { throw VanguardError.invalid("检查日期不能晚于今天", "The date cannot be in the future", field: "heldOn") }
        let now = time.nowMillis()
        let id = try await backend.write { db in
            var orgID = organizationID
            var commitment: CommitmentRecord?
            if let commitmentID {
                let c = try await CommitmentService.visible(db, id: commitmentID, caller)
                guard try await CommitmentService.policy(db, c, caller).isReviewer else {
                    throw VanguardError(.forbidden, .init("只有审核组织可以提出整改要求", "Only the reviewer may demand rectification"))
                }
                orgID = c.organizationID
                commitment = c
            }
            let org = try await OrganizationRepository.visible(db, id: orgID, to: caller, what: OrganizationService.what)
            try caller.require(.reviewCommitments, at: org.path, what: OrganizationService.what)
            let findings = findings.trimmingCharacters(in: .whitespacesAndNewlines)
            let urged = urged?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            let id = try await SupervisionRepository.insert(
                db, organizationID: org.id, kind: kind, heldOn: heldOn, findings: findings, urged: urged, commitmentID: commitmentID,
                deadline: kind == .rectification ? deadline : nil, recordedBy: caller.username, now: now)
            var tells: [Notice] = []
            if let c = commitment, kind == .rectification, let deadline {
                tells.append(.rectificationDemanded(c, deadline: deadline, findings: findings))
                // One ledger: the demand is also an item of the commitment's organization (or member), which the
                // reviewer checks off once the author has answered; told once, by the demand's own notice.
                let member: Int64? = if case .member(let m) = c.subject { m } else { nil }
                _ = try await RectificationService.open(
                    db,
                    .init(
                        source: .commitment, sourceID: id, organizationID: c.organizationID, memberID: member, confirmerID: c.reviewerOrganizationID,
                        problem: findings, measure: urged ?? "按整改要求落实", responsible: c.memberName ?? c.organizationName, deadline: deadline),
                    caller: caller, time: time, tell: false)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "supervision.\(kind.rawValue)", targetType: "organization", targetID: org.id,
                    summary: "\(kind.name.zh)：\(findings.prefix(100))", tells: tells))
            return id
        }
        return try await backend.read { db in try await SupervisionRepository.get(db, id: id)! }
    }

    /// The author answers a rectification demand (整改落实).
    public func resolve(_ id: Int64, response: String, as caller: Caller) async throws -> SupervisionRecord {
        let text = response.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 2000 else { throw VanguardError.invalid("请写明整改情况（不超过2000字）", "Describe the rectification", field: "response") }
        let now = time.nowMillis()
        let today = time.today()
        try await backend.write { db in
            guard let r = try await SupervisionRepository.get(db, id: id), r.kind == .rectification, let cid = r.commitmentID else {
                throw VanguardError.notFound(Self.what)
            }
            // Out of sight, the demand is missing like any other (not "commitment not found", which told them apart).
            guard let c = try? await CommitmentService.visible(db, id: cid, caller) else { throw VanguardError.notFound(Self.what) }
            guard try await CommitmentService.policy(db, c, caller).mayAnswerRectification else {
                throw VanguardError(.forbidden, .init("只有承诺人可以报告整改情况", "Only the author answers"))
            }
            guard try await SupervisionRepository.resolve(db, id: id, response: text, on: today) else {
                throw VanguardError.conflict("该整改要求已答复", "This demand has been answered already")
            }
            // The answer asks the reviewer to check the demand's item off (told once, by the answer's own notice).
            // Whoever answered for the author but does not answer the item (it is not hers) leaves that to the unit.
            for item in try await RectificationRepository.of(db, source: .commitment, id: id) where item.state == .open {
                guard let (_, policy) = try? await RectificationService.visible(db, id: item.id, caller),
                    policy.allows(.request, state: item.state, caller: caller.username)
                else { continue }
                try await RectificationService.step(db, id: item.id, .request, text: text, caller: caller, time: time, tell: false)
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "supervision.resolve", targetType: "commitment", targetID: c.id, summary: text,
                    tells: [.rectified(c, text: text)]))
        }
        return try await backend.read { db in try await SupervisionRepository.get(db, id: id)! }
    }

    /// Records about the organization's subtree, newest first.
    public func list(organizationID: Int64, as caller: Caller, limit: Int = 100) async throws -> [SupervisionRecord] {
        try await listOf(organizationID: organizationID, as: caller, limit: limit).records
    }

    /// 督促记录页: an organization and the supervision recorded in its subtree, newest first, in one read.
    public func listOf(
        organizationID: Int64, as caller: Caller, limit: Int = 100
    ) async throws -> (organization: OrganizationRecord, records: [SupervisionRecord]) {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return (org, try await SupervisionRepository.under(db, path: org.path, limit: limit))
        }
    }

    public func ofCommitment(_ commitmentID: Int64, as caller: Caller) async throws -> [SupervisionRecord] {
        try await backend.read { db in
            _ = try await CommitmentService.visible(db, id: commitmentID, caller)
            return try await SupervisionRepository.ofCommitment(db, commitmentID: commitmentID)
        }
    }
}
