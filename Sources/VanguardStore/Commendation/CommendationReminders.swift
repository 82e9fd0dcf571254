import SQLKit
import VanguardCore

/// 表彰日期提醒: a commendation is scheduled before a date (七一 usually); the committee is told two weeks
/// before it while the round is not decided, and once more after it — each round once per date and kind.
extension CommendationService {
    public static let reminderDays = 14
    static let overdueWindowDays = 30

    public func remind() async throws -> Int {
        let today = time.today()
        let now = time.nowMillis()
        let soon = CalendarDay.fromDaysSince1970(today.daysSince1970 + Self.reminderDays)
        let first = CalendarDay.fromDaysSince1970(today.daysSince1970 - Self.overdueWindowDays)
        let yesterday = CalendarDay.fromDaysSince1970(today.daysSince1970 - 1)
        return try await backend.write { db in
            var tells: [Notice] = []
            for (rounds, overdue) in [
                (try await CommendationRepository.undecided(db, from: today, through: soon), false),
                (try await CommendationRepository.undecided(db, from: first, through: yesterday), true),
            ] {
                for r in rounds {
                    guard try await !NotificationRepository.wasSent(db, dedupeKey: NotificationProjection.commendationDueKey(r, overdue: overdue))
                    else { continue }
                    tells.append(.commendationDue(r, overdue: overdue))
                }
            }
            guard !tells.isEmpty else { return 0 }
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: "system", action: "commendation.remind", targetType: "commendation", targetID: nil,
                    summary: "表彰日期提醒 \(tells.count) 条", tells: tells))
            return tells.count
        }
    }
}
