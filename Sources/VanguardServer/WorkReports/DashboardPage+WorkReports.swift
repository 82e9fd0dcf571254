import VanguardCore

/// 报告报送 on the dashboard, for private readers: of the year's reports asked for in the subtree, how many
/// are in, period by period (应报 counts every organization asked; 已报 those waiting or accepted).
extension DashboardPage {
    static func reportCards(_ f: StatFigures, showsPrivate: Bool, t: UIText, english: Bool) -> [Card] {
        let periods = ReportPeriod.allCases.filter { f.value(StatMetric.reportsDue($0)) > 0 }
        guard showsPrivate, !periods.isEmpty else { return [] }
        let due = periods.reduce(0) { $0 + f.value(StatMetric.reportsDue($1)) }
        let received = periods.reduce(0) { $0 + f.value(StatMetric.reportsReceived($1)) }
        return [
            Card(
                id: "card-reports", label: t["workReports"], value: ChineseNumber.percent(Double(received) / Double(due)),
                detail: periods.map {
                    "\($0.name.text(english: english)) \(t["wrReceived"]) \(f.value(StatMetric.reportsReceived($0)))/\(f.value(StatMetric.reportsDue($0)))"
                        + " · \(t["wrAccepted"]) \(f.value(StatMetric.reportsAccepted($0)))"
                }.joined(separator: "；"))
        ]
    }
}
