import VanguardCore

/// 领域事件: what a command did — who, what, to which record, in a short summary — and what it tells
/// those concerned. A command records its events with `WritePath.record` in its own transaction; the
/// event projections (the audit record, the notifications) follow from them, so no command writes
/// either itself.
public struct DomainEvent: Sendable {
    /// Who did what to which record, and when: what the audit log keeps of the event.
    public var entry: AuditEntry
    /// What the event tells whom (most events tell nobody).
    public var tells: [Notice]

    public init(at: Int64, actor: String, action: String, targetType: String, targetID: Int64?, summary: String, tells: [Notice] = []) {
        entry = AuditEntry(at: at, actor: actor, action: action, targetType: targetType, targetID: targetID, summary: summary)
        self.tells = tells
    }
}

/// 提醒: what an event tells about a commitment or a rectification item; `NotificationProjection` words it and finds whom to tell.
public enum Notice: Sendable {
    /// A step of the review cycle was taken (submitted, returned, approved, published, overdue).
    case step(CommitmentRecord, CommitmentAction, note: String?)
    /// A long-term commitment was carried into a new round, as commitment `newID`, for review.
    case carriedForward(CommitmentRecord, newID: Int64, round: Int)
    /// The reviewer urged the author (督促).
    case urged(CommitmentRecord, text: String)
    /// The reviewer demanded rectification by a deadline (整改要求).
    case rectificationDemanded(CommitmentRecord, deadline: CalendarDay, findings: String)
    /// The author answered a rectification demand (整改落实).
    case rectified(CommitmentRecord, text: String)
    /// An item falls due soon (到期提醒); told once per item and deadline.
    case dueSoon(CommitmentRecord, item: CommitmentItemRecord)
    /// A rectification item was opened (action nil) or stepped: the unit hears of openings, check-offs
    /// and returns, the confirming organization of requests.
    case rectification(RectificationItemRecord, RectificationAction?, text: String)
    /// An item falls due within a week; told once per item and deadline.
    case rectificationDue(RectificationItemRecord)
    /// An item passed its deadline without being checked off.
    case rectificationOverdue(RectificationItemRecord)
    /// An organization was made a helper of a backward unit (结对共建).
    case paired(organizationID: Int64, unit: String)
    /// A leader's contact point has no visit yet in a period that ends soon; told once per point and period.
    case visitDue(memberID: Int64, organizationID: Int64, name: String, periodEnd: CalendarDay)
    /// A commendation round is not decided and its decision date (七一 usually) is near, or past.
    case commendationDue(CommendationRoundRecord, overdue: Bool)
    /// A report came in to its superior (报送).
    case reportSubmitted(WorkReportRecord, superiorID: Int64)
    /// The superior accepted a report, or returned it with the reason.
    case reportReviewed(WorkReportRecord, accepted: Bool, reason: String?)
    /// A report not in is due soon, or overdue; told once per report, due date and kind.
    case reportDue(reportID: Int64, organizationID: Int64, title: String, due: CalendarDay, overdue: Bool)
}
