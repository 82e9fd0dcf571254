/// 承诺年度: a commitment is made for this year, or — from December, when next year's plans are
/// written — for the next; and, where campaigns are set up, for a year one of them covers. A 2020 or
/// 2031 draft would otherwise be counted in statistics nobody reads (issue 11).
public enum CommitmentYear {
    public static func check(_ year: Int, today: CalendarDay, campaignYears: [ClosedRange<Int>]) throws {
        let nextAllowed = today.month == 12 ? today.year + 1 : today.year
        guard year >= today.year, year <= nextAllowed else {
            throw VanguardError.invalid(
                "承诺年度须为本年度\(today.month == 12 ? "或下一年度" : "")（\(today.year)年）",
                "The commitment's year must be this year\(today.month == 12 ? " or the next" : "") (\(today.year))", field: "year")
        }
        guard campaignYears.isEmpty || campaignYears.contains(where: { $0.contains(year) }) else {
            throw VanguardError.invalid("\(year)年不在任何活动的年度范围内", "No campaign covers the year \(year)", field: "year")
        }
    }
}
