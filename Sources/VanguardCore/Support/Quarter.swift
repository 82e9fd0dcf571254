/// 季度: the period of inspection tours and of contact-point visits ("每季度…一次" [001]).
public struct Quarter: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// 1…4
    public let quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), (2000...2100).contains(year) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// Reads "2026-Q4" (as `description` writes it).
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), parts[1].count == 2, parts[1].first == "Q", let q = Int(parts[1].dropFirst()) else { return nil }
        self.init(year: y, quarter: q)
    }

    public static func containing(_ day: CalendarDay) -> Quarter { Quarter(year: day.year, quarter: (day.month - 1) / 3 + 1)! }

    public var firstDay: CalendarDay { CalendarDay(year: year, month: quarter * 3 - 2, day: 1)! }
    public var lastDay: CalendarDay { CalendarDay(year: year, month: quarter * 3, day: quarter == 1 || quarter == 4 ? 31 : 30)! }
    public var previous: Quarter { quarter == 1 ? Quarter(year: year - 1, quarter: 4)! : Quarter(year: year, quarter: quarter - 1)! }
    public func contains(_ day: CalendarDay) -> Bool { firstDay <= day && day <= lastDay }

    public var description: String { "\(year)-Q\(quarter)" }
    public var name: Bilingual { .init("\(year)年第\(["一", "二", "三", "四"][quarter - 1])季度", "\(year) Q\(quarter)") }

    /// The quarter a request named, or the refusal naming the field when it named none (checked after who may ask).
    public static func required(_ q: Quarter?) throws -> Quarter {
        guard let q else { throw VanguardError.invalid("季度须写作2026-Q4", "quarter must look like 2026-Q4", field: "quarter") }
        return q
    }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.quarter) < (b.year, b.quarter) }
}
