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

    /// 应调研: a contact point with no visit in the current quarter.
    public static func isDue(lastVisit: CalendarDay?, today: CalendarDay) -> Bool {
        guard let lastVisit else { return true }
        return !Quarter.containing(today).contains(lastVisit)
    }
}
