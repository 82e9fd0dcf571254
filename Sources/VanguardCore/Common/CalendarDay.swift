import Foundation

/// A date without a time of day (出生日期, 入党日期, 截止日期), stored as `YYYY-MM-DD`.
///
/// The core never reads the clock: callers pass "today" in.
public struct CalendarDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month),
            (1...CalendarDay.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `2010-07-01`, `2010/7/1`, `2010.7.1` and `2010年7月1日`: what clerks type in Excel.
    public init?(parsing text: String) {
        // The stored form, read without Foundation: every date of every row the database returns is in it.
        let u = text.utf8
        if u.count == 10, let y = Self.digits(u, 0, 4), let m = Self.digits(u, 5, 2), let d = Self.digits(u, 8, 2),
            u[u.index(u.startIndex, offsetBy: 4)] == UInt8(ascii: "-"), u[u.index(u.startIndex, offsetBy: 7)] == UInt8(ascii: "-")
        {
            self.init(year: y, month: m, day: d)
            return
        }
        var cleaned = text.trimmingCharacters(in: .whitespaces)
        for separator in ["年", "月", "/", "."] { cleaned = cleaned.replacingOccurrences(of: separator, with: "-") }
        cleaned = cleaned.replacingOccurrences(of: "日", with: "")
        let parts = cleaned.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            parts[0].count == 4
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ u: String.UTF8View, _ offset: Int, _ count: Int) -> Int? {
        var n = 0
        var i = u.index(u.startIndex, offsetBy: offset)
        for _ in 0..<count {
            let c = u[i]
            guard c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") else { return nil }
            n = n * 10 + Int(c - UInt8(ascii: "0"))
            i = u.index(after: i)
        }
        return n
    }

    public var description: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Whole years from `self` to `other` (an age, or years of membership).
    public func years(until other: CalendarDay) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = CalendarDay(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
