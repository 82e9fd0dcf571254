/// 调研指导: a leader's visit to a contact point — when, with whom, what was examined, the problems found,
/// the guidance given and the problems solved on the spot [DOMAIN §4; sources 001, 002, 004]. A visit is
/// due each quarter; a problem may open a rectification item.
public enum ContactVisitRules {
    public static let textLimit = 2000

    /// A visit names its date (not in the future), what was examined and the guidance given.
    public static func check(visitedOn: CalendarDay, today: CalendarDay, examined: String, guidance: String, fields: [(String, String)]) throws {
        if visitedOn > today { throw VanguardError.invalid("调研日期不能晚于今天", "The visit cannot be in the future", field: "visitedOn") }
        if examined.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw VanguardError.invalid("请写明调研的内容", "Write what was examined", field: "examined")
        }
        if guidance.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw VanguardError.invalid("请写明指导意见", "Write the guidance given", field: "guidance")
        }
        for (field, text) in fields + [("examined", examined), ("guidance", guidance)] where text.count > textLimit {
            throw VanguardError.invalid("内容不能超过\(textLimit)字", "At most \(textLimit) characters", field: field)
        }
    }

    /// The visit intervals a campaign may choose, in months (each divides the year, so periods align to it).
    public static let intervals = [1, 2, 3, 6]
    /// 调研提醒: a leader hears of a point not yet visited this many days before its period ends.
    public static let reminderDays = 14

    /// The period of `months` (1, 2, 3 or 6) that contains `day`: its first and last days.
    public static func period(containing day: CalendarDay, months: Int) -> (first: CalendarDay, last: CalendarDay) {
        let months = intervals.contains(months) ? months : 3
        let start = (day.month - 1) / months * months + 1
        let end = start + months - 1
        let next = end == 12 ? CalendarDay(year: day.year + 1, month: 1, day: 1)! : CalendarDay(year: day.year, month: end + 1, day: 1)!
        return (CalendarDay(year: day.year, month: start, day: 1)!, CalendarDay.fromDaysSince1970(next.daysSince1970 - 1))
    }

    /// 应调研: a contact point with no visit in the current period (a quarter unless the campaign decides otherwise).
    public static func isDue(lastVisit: CalendarDay?, today: CalendarDay, months: Int = 3) -> Bool {
        guard let lastVisit else { return true }
        let p = period(containing: today, months: months)
        return lastVisit < p.first || lastVisit > p.last
    }
}
