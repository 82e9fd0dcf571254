import VanguardCore

/// 提醒与督促: the daily sweep marks overdue commitments and reminds of near deadlines; a reviewer
/// urges; everyone reads their inbox; a gateway would drain the outbox.
public struct ReminderService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    public struct SweepResult: Sendable, Equatable {
        public var markedOverdue: Int
        public var reminded: Int
    }

    /// Marks published commitments with an item past its deadline as overdue (逾期) and reminds of
    /// items due within a week. Running it twice on a day changes nothing the second time.
    public func sweep() async throws -> SweepResult {
        let now = time.nowMillis()
        let today = time.today()
        let soon = CalendarDay.fromDaysSince1970(today.daysSince1970 + CommitmentDeadline.reminderDays)
        let candidates = try await backend.read { db in
            try await CommitmentRepository.withItemsDue(db, states: [.published, .inProgress], by: soon)
        }
        var result = SweepResult(markedOverdue: 0, reminded: 0)
        // One transaction per chunk, so a large sweep never holds the writer for long.
        for chunk in candidates.chunked(500) {
            let part = try await backend.write { db in
                var part = SweepResult(markedOverdue: 0, reminded: 0)
                var tells: [Notice] = []
                let list = try await CommitmentRepository.list(db, ids: Array(chunk))
                for c in list {
                    let items = c.items.map { (deadline: $0.draft.deadline, fulfilled: $0.fulfilled) }
                    if CommitmentDeadline.isOverdue(state: c.state, items: items, today: today) {
                        do {
                            try await CommitmentRepository.transition(
                                db, id: c.id, from: c.state, to: .overdue, action: .markOverdue, expectedVersion: c.version, actor: "system",
                                note: "事项已过完成时限", now: now)
                        } catch let e as VanguardError where e.kind == .conflict {
                            continue  // someone acted on it just now; the next sweep looks again
                        }
                        tells.append(.step(c, .markOverdue, note: nil))
                        part.markedOverdue += 1
                        continue
                    }
                    for item in c.items where CommitmentDeadline.isDueSoon(deadline: item.draft.deadline, fulfilled: item.fulfilled, today: today) {
                        let notice = Notice.dueSoon(c, item: item)
                        guard try await !NotificationRepository.wasSent(db, dedupeKey: NotificationProjection.dueSoonKey(c, item)) else { continue }
                        tells.append(notice)
                        part.reminded += 1
                    }
                }
                if part != SweepResult(markedOverdue: 0, reminded: 0) {
                    try await WritePath.record(
                        db,
                        .init(
                            at: now, actor: "system", action: "commitment.sweep", targetType: "commitment", targetID: nil,
                            summary: "标记逾期 \(part.markedOverdue) 件，到期提醒 \(part.reminded) 条", tells: tells))
                }
                return part
            }
            result.markedOverdue += part.markedOverdue
            result.reminded += part.reminded
        }
        return result
    }

    /// 督促: the reviewer urges the author of a commitment that is late or lagging.
    public func urge(_ commitmentID: Int64, note: String, as caller: Caller) async throws {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else {
            throw VanguardError.invalid("请写明督促的内容（不超过500字）", "Write what you urge (at most 500 characters)", field: "note")
        }
        let now = time.nowMillis()
        try await backend.write { db in
            let c = try await CommitmentService.visible(db, id: commitmentID, caller)
            let policy = try await CommitmentService.policy(db, c, caller)
            guard policy.isReviewer else { throw VanguardError(.forbidden, .init("只有审核组织可以督促", "Only the reviewer may urge")) }
            guard policy.mayUrge else {
                throw VanguardError.conflict("承诺当前为“\(c.state.name.zh)”，无需督促", "A commitment that is \(c.state.name.en.lowercased()) needs no urging")
            }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.urge", targetType: "commitment", targetID: c.id, summary: text,
                    tells: [.urged(c, text: text)]))
        }
    }

    /// 督促逾期: urges the author of every overdue commitment the organization reviews; returns how many.
    public func urgeOverdue(organizationID: Int64, note: String, as caller: Caller) async throws -> Int {
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 500 else {
            throw VanguardError.invalid("请写明督促的内容（不超过500字）", "Write what you urge (at most 500 characters)", field: "note")
        }
        let now = time.nowMillis()
        return try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            try caller.require(.reviewCommitments, at: org.path, what: OrganizationService.what)
            let overdue = try await CommitmentRepository.overdue(db, reviewerOrganizationID: org.id)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.urge_overdue", targetType: "organization", targetID: org.id,
                    summary: "督促逾期承诺 \(overdue.count) 件：\(text)", tells: overdue.map { .urged($0, text: text) }))
            return overdue.count
        }
    }

    /// The caller's inbox: their own reminders and those of the organizations they are officers of.
    public func inbox(as caller: Caller, limit: Int = 100) async throws -> [NotificationRecord] {
        try await backend.read { db in
            try await NotificationRepository.inbox(db, memberID: caller.memberID, organizationIDs: Self.officerOrganizations(caller), limit: limit)
        }
    }

    public func markAllRead(as caller: Caller) async throws {
        let now = time.nowMillis()
        try await backend.write { db in
            try await NotificationRepository.markRead(db, memberID: caller.memberID, organizationIDs: Self.officerOrganizations(caller), now: now)
        }
    }

    /// What a mail/SMS gateway would send next (the operator's view; nothing is sent from here).
    public func outbox(limit: Int = 100) async throws -> [OutboxMessage] {
        try await backend.read { db in try await NotificationRepository.pendingOutbox(db, limit: limit) }
    }

    /// Organizations the caller answers for: where they hold a role that drafts or reviews commitments.
    static func officerOrganizations(_ caller: Caller) -> [Int64] {
        caller.scope.grants.filter { !$0.role.permissions.isDisjoint(with: [.reviewCommitments, .manageMembers, .manageOrganizations]) }
            .map(\.organizationID)
    }
}
