import SQLKit
import VanguardCore

/// 支部的承诺工作: the branch general meeting where commitments are declared, exemptions with the
/// branch's consent, and who has not committed yet (全覆盖).
public struct BranchService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    /// 党支部大会: records the meeting where the branch declared its members' commitments.
    public func recordMeeting(
        organizationID: Int64, year: Int, heldOn: CalendarDay, attendees: Int, topic: String, as caller: Caller
    ) async throws -> BranchMeetingRecord {
        let text = topic.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else {
            throw VanguardError.invalid("请写明会议内容（不超过500字）", "Describe the meeting (at most 500 characters)", field: "topic")
        }
        guard attendees > 0, attendees <= 100_000 else { throw VanguardError.invalid("到会人数须为正数", "Attendance must be a positive number", field: "attendees") }
        guard heldOn <= time.today() else { throw VanguardError.invalid("会议日期不能晚于今天", "The meeting cannot be in the future", field: "heldOn") }
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.reviewCommitments, at: org.path, what: OrganizationService.what)
            let id = try await BranchRepository.insertMeeting(
                db, organizationID: org.id, year: year, heldOn: heldOn, attendees: attendees, topic: text, recordedBy: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "branch.meeting", targetType: "organization", targetID: org.id,
                    summary: "\(heldOn) 党支部大会，到会\(attendees)人：\(text)"))
            return BranchMeetingRecord(id: id, heldOn: heldOn, attendees: attendees, topic: text, recordedBy: caller.username)
        }
    }

    /// 免于承诺: with the branch's consent, for a retired, elderly or special member of the caller's scope.
    public func exempt(
        memberID: Int64, year: Int, reason: CommitmentExemption.Reason, consent: String, note: String?, as caller: Caller
    ) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let member = try await Self.managedMember(db, memberID, caller)
            let consent = consent.trimmingCharacters(in: .whitespacesAndNewlines)
            let note = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
            try CommitmentExemption.check(member.draft.categories, reason: reason, consent: consent, note: note)
            try await BranchRepository.saveExemption(
                db, memberID: member.id, year: year, reason: reason, consent: consent, note: note, recordedBy: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.exempt", targetType: "member", targetID: member.id,
                    summary: "\(member.draft.name) \(year)年免于承诺（\(reason.name.zh)），依据：\(consent)"))
        }
    }

    public func removeExemption(memberID: Int64, year: Int, as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            let member = try await Self.managedMember(db, memberID, caller)
            guard try await BranchRepository.removeExemption(db, memberID: member.id, year: year, now: now) else {
                throw VanguardError.notFound(.init("该免于承诺记录", "Exemption"))
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.unexempt", targetType: "member", targetID: member.id,
                    summary: "\(member.draft.name) \(year)年取消免于承诺"))
        }
    }

    /// 全覆盖页: coverage of the organization's own members and of each child subtree, who still owes a
    /// commitment (at most `missingLimit`), the year's exemptions and branch meetings, in one read.
    public func coverageSheet(organizationID: Int64, year: Int, missingLimit: Int = 500, as caller: Caller) async throws -> CoverageSheet {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let coverage = try await LedgerRepository.coverage(db, of: org, year: year)
            return CoverageSheet(
                organization: org, own: coverage.own, children: coverage.children,
                missing: Array(try await LedgerRepository.missingMembers(db, organizationID: org.id, year: year).prefix(missingLimit)),
                exemptions: try await BranchRepository.exemptions(db, organizationID: org.id, year: year),
                meetings: try await BranchRepository.meetings(db, organizationID: org.id, year: year))
        }
    }

    /// 全覆盖: the organization's own members and each child subtree, with who is still missing.
    public func coverage(organizationID: Int64, year: Int, as caller: Caller) async throws -> (own: CoverageRow, children: [CoverageRow]) {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await LedgerRepository.coverage(db, of: org, year: year)
        }
    }

    static func managedMember(_ db: any SQLDatabase, _ id: Int64, _ caller: Caller) async throws -> MemberRecord {
        guard let m = try await MemberRepository.get(db, id: id), caller.canSee(m.organizationPath) else { throw VanguardError.notFound(MemberService.what) }
        guard caller.allows(.manageMembers, at: m.organizationPath) else {
            throw VanguardError(.forbidden, .init("只有党员所在支部可以记录免于承诺", "Only the member's branch may record an exemption"))
        }
        return m
    }
}

/// What the coverage page shows of an organization's year.
public struct CoverageSheet: Sendable {
    public let organization: OrganizationRecord
    public let own: CoverageRow
    public let children: [CoverageRow]
    /// Its own members who owe a commitment and have not made one.
    public let missing: [(id: Int64, name: String)]
    public let exemptions: [ExemptionRecord]
    public let meetings: [BranchMeetingRecord]
}
