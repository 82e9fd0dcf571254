/// 报告期次: what a 报送任务 asks for — a half-yearly written report on the campaign's progress (每半年书面
/// 汇报一次进展情况 [003]) or the year's summary (工作总结). A period belongs to a campaign year.
public enum ReportPeriod: String, Sendable, CaseIterable, Codable {
    /// 上半年进展情况报告
    case firstHalf = "h1"
    /// 下半年进展情况报告
    case secondHalf = "h2"
    /// 年度工作总结
    case annual

    public var name: Bilingual {
        switch self {
        case .firstHalf: .init("上半年进展情况报告", "First-half progress report")
        case .secondHalf: .init("下半年进展情况报告", "Second-half progress report")
        case .annual: .init("年度工作总结", "Annual summary")
        }
    }

    /// The title of the period's report in a year: "2026年上半年进展情况报告".
    public func title(year: Int) -> Bilingual {
        .init("\(year)年\(name.zh)", "\(name.en) \(year)")
    }

    /// The due date a clerk is offered: ten days after the half-year, or mid-January for the summary.
    public func suggestedDue(year: Int) -> CalendarDay {
        switch self {
        case .firstHalf: CalendarDay(year: year, month: 7, day: 10)!
        case .secondHalf: CalendarDay(year: year + 1, month: 1, day: 10)!
        case .annual: CalendarDay(year: year + 1, month: 1, day: 20)!
        }
    }

    /// A due date must fall in the campaign year or the first half of the next (a report on a year is
    /// not asked for years later, nor before the year began).
    public func accepts(due: CalendarDay, year: Int) -> Bool {
        due.year == year || (due.year == year + 1 && due.month <= 6)
    }
}
