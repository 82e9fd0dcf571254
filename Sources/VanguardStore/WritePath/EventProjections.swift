import SQLKit
import VanguardCore

/// A projection that follows the events commands record (`WritePath.record`). Unlike the counters,
/// these are not rebuilt from the facts: the audit log is itself the record of what happened, and a
/// notification once sent stays sent.
protocol EventProjection: Sendable {
    func apply(_ db: any SQLDatabase, _ event: DomainEvent) async throws
}

/// 审计记录: every event is one record of the hash-chained audit log.
struct AuditProjection: EventProjection {
    func apply(_ db: any SQLDatabase, _ event: DomainEvent) async throws {
        try await AuditRepository.append(db, event.entry)
    }
}

/// 站内提醒: what an event tells, in the inbox of whom it concerns (and an SMS in the outbox for a
/// member with a phone).
struct NotificationProjection: EventProjection {
    func apply(_ db: any SQLDatabase, _ event: DomainEvent) async throws {
        for notice in event.tells {
            guard let n = Self.notification(notice) else { continue }
            try await NotificationRepository.send(
                db, to: n.to, kind: n.kind, commitmentID: n.commitmentID, text: n.text, dedupeKey: n.dedupeKey, now: event.entry.at)
        }
    }

    /// Whom a notice concerns and how it reads; nil for a step nobody needs to hear of.
    static func notification(
        _ notice: Notice
    ) -> (to: NotificationRepository.Recipient, kind: String, commitmentID: Int64?, text: String, dedupeKey: String?)? {
        switch notice {
        case .step(let c, let action, let note):
            let what = "您的\(c.year)年\(c.kind.name.zh)"
            switch action {
            case .submit:
                return (.organization(c.reviewerOrganizationID), "submitted", c.id, "\(subjectName(c))提交了\(c.year)年\(c.kind.name.zh)，请审核", nil)
            case .return: return (subject(c), "returned", c.id, "\(what)被退回：\(note ?? "")", nil)
            case .approve: return (subject(c), "approved", c.id, "\(what)已审核通过", nil)
            case .publish: return (subject(c), "published", c.id, "\(what)已公开，请认真践诺", nil)
            case .markOverdue: return (subject(c), "overdue", c.id, "\(what)有事项已逾期，请抓紧兑现", nil)
            case .start, .fulfil, .withdraw, .evaluate: return nil
            }
        case .carriedForward(let c, let newID, let round):
            return (.organization(c.reviewerOrganizationID), "submitted", newID, "\(subjectName(c))的长期承诺已结转到第\(round)轮，请审核", nil)
        case .urged(let c, let text):
            return (subject(c), "urged", c.id, "督促：\(text)", nil)
        case .rectificationDemanded(let c, let deadline, let findings):
            return (subject(c), "rectification", c.id, "整改要求（\(deadline)前）：\(findings)", nil)
        case .rectified(let c, let text):
            return (.organization(c.reviewerOrganizationID), "rectified", c.id, "\(subjectName(c))已报告整改情况：\(text.prefix(60))", nil)
        case .dueSoon(let c, let item):
            return (
                subject(c), "due_soon", c.id, "承诺事项“\(item.draft.content.prefix(30))”将于\(item.draft.deadline)到期",
                dueSoonKey(c, item)
            )
        case .rectification(let r, let action, let text):
            let problem = "整改事项“\(r.problem.prefix(30))”"
            switch action {
            case nil: return (unit(r), "rectification_opened", nil, "新的\(r.source.name.zh)\(problem)，请于\(r.deadline)前整改", nil)
            case .request?: return (.organization(r.confirmerID), "rectification_request", nil, "\(r.unitName)申请将\(problem)销号，请核实", nil)
            case .checkOff?: return (unit(r), "rectification_checked_off", nil, "\(problem)已销号", nil)
            case .return?: return (unit(r), "rectification_returned", nil, "\(problem)的销号申请被退回：\(text.prefix(60))", nil)
            case .progress?: return nil
            }
        case .rectificationDue(let r):
            return (unit(r), "rectification_due", nil, "整改事项“\(r.problem.prefix(30))”将于\(r.deadline)到期", rectificationDueKey(r))
        case .rectificationOverdue(let r):
            return (unit(r), "rectification_overdue", nil, "整改事项“\(r.problem.prefix(30))”已逾期，请抓紧整改", nil)
        case .paired(let organizationID, let unit):
            return (.organization(organizationID), "paired", nil, "本组织已与\(unit)结对共建，请开展帮扶", nil)
        case .visitDue(let member, let organization, let name, let end):
            return (.member(member), "visit_due", nil, "联系点\(name)本期尚未调研，请于\(end)前开展调研指导", visitDueKey(member, organization, end))
        case .commendationDue(let r, let overdue):
            return (
                .organization(r.organizationID), overdue ? "commendation_overdue" : "commendation_due", nil,
                overdue
                    ? "\(r.name)已过表彰日期（\(r.decideBy)），尚未作出表彰决定"
                    : "\(r.name)须于\(r.decideBy)前作出表彰决定（现为\(r.state.name.zh)），公示期不少于\(CommendationRules.noticeDays.lowerBound)天，请抓紧安排",
                commendationDueKey(r, overdue: overdue)
            )
        case .reportSubmitted(let r, let superior):
            return (.organization(superior), "report_submitted", nil, "\(r.organizationName)报送了\(r.call.title.zh)，请审阅", nil)
        case .reportReviewed(let r, let accepted, let reason):
            return (
                .organization(r.organizationID), accepted ? "report_accepted" : "report_returned", nil,
                accepted ? "\(r.call.title.zh)已审阅通过" : "\(r.call.title.zh)被退回：\((reason ?? "").prefix(60))", nil
            )
        case .reportDue(let id, let organization, let title, let due, let overdue):
            return (
                .organization(organization), overdue ? "report_overdue" : "report_due", nil,
                overdue ? "\(title)已过截止日期（\(due)），请尽快报送" : "\(title)请于\(due)前报送", reportDueKey(id, due, overdue: overdue)
            )
        }
    }

    /// A round's decision-date reminder is told once per round, date and kind (near, past).
    static func commendationDueKey(_ r: CommendationRoundRecord, overdue: Bool) -> String { "\(overdue ? "clate" : "csoon"):\(r.id):\(r.decideBy)" }

    /// A report's reminder is told once per report, due date and kind (due soon, overdue).
    static func reportDueKey(_ id: Int64, _ due: CalendarDay, overdue: Bool) -> String { "\(reportDueKeyPrefix(overdue: overdue)):\(id):\(due)" }
    static func reportDueKeyPrefix(overdue: Bool) -> String { overdue ? "rlate" : "rsoon" }

    /// A visit reminder is told once per leader, point and period.
    static func visitDueKey(_ member: Int64, _ organization: Int64, _ end: CalendarDay) -> String { "vdue:\(member):\(organization):\(end)" }

    /// A rectification item's due reminder is told once per item and deadline.
    static func rectificationDueKey(_ r: RectificationItemRecord) -> String { "rdue:\(r.id):\(r.deadline)" }

    /// Whom an item concerns: the member, or the unit's officers.
    static func unit(_ r: RectificationItemRecord) -> NotificationRepository.Recipient {
        r.memberID.map { .member($0) } ?? .organization(r.organizationID)
    }

    /// A due-soon reminder is told once per item and deadline.
    static func dueSoonKey(_ c: CommitmentRecord, _ item: CommitmentItemRecord) -> String { "due:\(c.id):\(item.position):\(item.draft.deadline)" }

    /// The commitment's subject: the member, or the organization's officers.
    static func subject(_ c: CommitmentRecord) -> NotificationRepository.Recipient {
        switch c.subject {
        case .member(let m): .member(m)
        case .organization(let o): .organization(o)
        }
    }

    static func subjectName(_ c: CommitmentRecord) -> String { c.memberName ?? c.organizationName }
}
