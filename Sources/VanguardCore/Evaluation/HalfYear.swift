/// 半年: leader comments and mass evaluation run every half year [DOMAIN §3.1, §3.2].
public struct HalfYear: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1 for January–June, 2 for July–December.
    public let half: Int

    public init?(year: Int, half: Int) {
        guard half == 1 || half == 2 else { return nil }
        self.year = year
        self.half = half
    }

    /// Reads "2026-H2" (as `description` writes it).
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), y >= 2000, y <= 2100, parts[1].count == 2, parts[1].first == "H", let h = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: y, half: h)
    }

    public var previous: HalfYear { half == 2 ? HalfYear(year: year, half: 1)! : HalfYear(year: year - 1, half: 2)! }

    public static func containing(_ day: CalendarDay) -> HalfYear { HalfYear(year: day.year, half: day.month <= 6 ? 1 : 2)! }

    public var lastDay: CalendarDay { CalendarDay(year: year, month: half == 1 ? 6 : 12, day: half == 1 ? 30 : 31)! }

    public var description: String { "\(year)-H\(half)" }
    public var name: Bilingual { .init("\(year)年\(half == 1 ? "上" : "下")半年", "\(year) H\(half)") }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.half) < (b.year, b.half) }
}

/// 点评进度: a comment for a half year is due until the half ends and late after a grace period.
public enum CommentProgress: String, Sendable, Codable {
    case done, due, late

    public static let graceDays = 15

    public static func of(done: Bool, period: HalfYear, today: CalendarDay) -> CommentProgress {
        if done { return .done }
        return period.lastDay.daysUntil(today) > graceDays ? .late : .due
    }
}
