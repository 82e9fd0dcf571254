/// 践诺时限: a published commitment with an item whose deadline has passed unfulfilled is overdue
/// (逾期); an item due within a week is worth a reminder [DOMAIN §2 践诺; issue 3 rule 2].
public enum CommitmentDeadline {
    public static let reminderDays = 7

    /// Whether the commitment should now be marked overdue.
    public static func isOverdue(state: CommitmentState, items: [(deadline: CalendarDay, fulfilled: Bool)], today: CalendarDay) -> Bool {
        guard state == .published || state == .inProgress else { return false }
        return items.contains { !$0.fulfilled && $0.deadline < today }
    }

    /// Whether an unfulfilled item is due within the reminder window (today included).
    public static func isDueSoon(deadline: CalendarDay, fulfilled: Bool, today: CalendarDay) -> Bool {
        guard !fulfilled else { return false }
        let days = today.daysUntil(deadline)
        return days >= 0 && days <= reminderDays
    }
}
