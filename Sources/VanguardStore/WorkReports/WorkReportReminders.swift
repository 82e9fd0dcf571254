import SQLKit
import VanguardCore

/// 报告提醒: the organizations whose report is not in are told within `WorkReportRules.reminderDays` before
/// the due date, and once more the days after it (up to a month) — each report once per due date and kind,
/// so a sweep run twice on a day tells nobody twice.
extension WorkReportService {
    /// How long after the due date an overdue report is still chased by the sweep.
    static let overdueWindowDays = 30

    public func remind() async throws -> Int {
        let today = time.today()
        let now = time.nowMillis()
        let soon = CalendarDay.fromDaysSince1970(today.daysSince1970 + WorkReportRules.reminderDays)
        let (first, yesterday) = (
            CalendarDay.fromDaysSince1970(today.daysSince1970 - Self.overdueWindowDays), CalendarDay.fromDaysSince1970(today.daysSince1970 - 1)
        )
        let calls = try await backend.read { db in
            (try await ReportCallRepository.due(db, from: today, through: soon), try await ReportCallRepository.due(db, from: first, through: yesterday))
        }
        var told = 0
        for (list, overdue) in [(calls.0, false), (calls.1, true)] {
            for call in list { told += try await remind(call, overdue: overdue, now: now) }
        }
        return told
    }

    /// Tells the organizations of one call whose report is not in, 500 to a transaction.
    func remind(_ call: ReportCallRecord, overdue: Bool, now: Int64) async throws -> Int {
        var told = 0
        var after: Int64 = 0
        while true {
            let start = after
            let page = try await backend.read { db in
                try await WorkReportRepository.unsent(
                    db, callID: call.id, due: call.due, keyPrefix: NotificationProjection.reportDueKeyPrefix(overdue: overdue), after: start, limit: 500)
            }
            guard let last = page.last else { return told }
            after = last.id
            told += try await backend.write { db in
                var tells: [Notice] = []
                for r in page {
                    let key = NotificationProjection.reportDueKey(r.id, call.due, overdue: overdue)
                    guard try await !NotificationRepository.wasSent(db, dedupeKey: key) else { continue }
                    tells.append(.reportDue(reportID: r.id, organizationID: r.organizationID, title: call.title.zh, due: call.due, overdue: overdue))
                }
                if !tells.isEmpty {
                    try await WritePath.record(
                        db,
                        .init(
                            at: now, actor: "system", action: "report.remind", targetType: "report_call", targetID: call.id,
                            summary: "\(call.title.zh)\(overdue ? "逾期" : "到期")提醒 \(tells.count) 条（\(call.due)截止）", tells: tells))
                }
                return tells.count
            }
        }
    }
}
