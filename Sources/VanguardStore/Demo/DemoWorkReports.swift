import SQLKit
import VanguardCore

/// 演示报告报送: the city's call for the last half-year's progress report, almost all in and accepted (a few
/// late, a few never sent), and its call for the half-year we are in, due in a few weeks: most reports
/// submitted and awaiting review, some accepted, a few returned with a reason, the rest (the `secretary`'s
/// branch among them) still to write. Facts only, in bulk; the counters come from the rebuild after.
enum DemoWorkReports {
    static let day: Int64 = 86_400_000
    static let done = "一是组织全体党员围绕岗位职责公开承诺，承诺书在公开栏和网上公示；二是支部书记逐一点评践诺情况，群众代表参与评议；三是结合“三会一课”盘点承诺事项，推动为民办实事落地见效。"
    static let problems = "个别党员承诺内容不够具体，可衡量性不强；流动党员参与活动不够经常；践诺佐证材料收集不够及时。"
    static let plans = "下一步将对照承诺逐项销号，加强对流动党员的联系服务，及时收集践诺佐证，年底前开展群众满意度测评。"

    static func write(_ db: any SQLDatabase, today: CalendarDay, now: Int64) async throws {
        guard let cityID = try await db.raw("SELECT id FROM organizations WHERE depth = 0 ORDER BY id LIMIT 1").first(decodingColumn: "id", as: Int64.self),
            let city = try await OrganizationRepository.get(db, id: cityID)
        else { return }
        let keep =
            try await db.raw(
                "SELECT g.organization_id FROM role_grants g JOIN users u ON u.id = g.user_id WHERE u.username = 'secretary' AND g.role = 'branch_secretary'"
            ).first(decodingColumn: "organization_id", as: Int64.self) ?? 0
        let secondHalf = today.month >= 7
        let last: (year: Int, period: ReportPeriod) = secondHalf ? (today.year, .firstHalf) : (today.year - 1, .secondHalf)
        let current: (year: Int, period: ReportPeriod) = secondHalf ? (today.year, .secondHalf) : (today.year, .firstHalf)

        // Last half-year: due, reminded and collected; 1 in 25 never sent, 1 in 17 sent late.
        let lastDue = last.period.suggestedDue(year: last.year)
        let lastAt = now - 150 * day
        let lastCall = try await ReportCallRepository.issue(
            db, issuer: city, year: last.year, period: last.period, audience: .subtree, due: lastDue,
            requirements: "请各级党组织如实报告半年来公开承诺、践诺和评诺情况，统计数据由系统自动带入。", by: "office", now: lastAt)
        try await fill(
            db, callID: lastCall.id, state: "CASE WHEN organization_id % 25 = 3 THEN 'due' ELSE 'accepted' END", late: "organization_id % 17 = 0",
            due: lastDue, at: lastAt + 20 * day)

        // This half-year: due in a few weeks.
        let currentDue = current.period.suggestedDue(year: current.year)
        let currentAt = now - 12 * day
        let currentCall = try await ReportCallRepository.issue(
            db, issuer: city, year: current.year, period: current.period, audience: .subtree, due: currentDue,
            requirements: "请围绕承诺践诺、点评评议、整改落实三个方面报告进展，附典型事例照片。", by: "office", now: currentAt)
        try await fill(
            db, callID: currentCall.id,
            state: """
                CASE WHEN organization_id = \(keep) THEN 'due' WHEN organization_id % 10 < 5 THEN 'submitted' WHEN organization_id % 10 < 7 THEN 'accepted'
                WHEN organization_id % 10 = 7 THEN 'returned' ELSE 'due' END
                """, late: "1 = 0", due: currentDue, at: currentAt + 5 * day)
    }

    /// Writes the reports of a call in bulk: the state `state` decides (SQL over `organization_id`), the texts
    /// of the sent ones, their days (a late one's after the due date).
    static func fill(_ db: any SQLDatabase, callID: Int64, state: String, late: String, due: CalendarDay, at: Int64) async throws {
        try await db.raw("UPDATE work_reports SET state = \(unsafeRaw: state) WHERE call_id = \(bind: callID)").run()
        let onTime = CalendarDay.fromDaysSince1970(due.daysSince1970 - 3).description
        let after = CalendarDay.fromDaysSince1970(due.daysSince1970 + 4).description
        try await db.raw(
            """
            UPDATE work_reports SET done = \(bind: done), problems = \(bind: problems), plans = \(bind: plans), written_by = 'clerk',
            late = (\(unsafeRaw: late)), first_submitted_on = CASE WHEN \(unsafeRaw: late) THEN \(bind: after) ELSE \(bind: onTime) END,
            submitted_at = \(bind: at) + (organization_id % 7) * \(bind: day),
            reviewed_by = CASE WHEN state = 'submitted' THEN NULL ELSE 'office' END,
            reviewed_at = CASE WHEN state = 'submitted' THEN NULL ELSE \(bind: at) + 8 * \(bind: day) END,
            reason = CASE WHEN state = 'returned' THEN '请补充承诺兑现的具体数字和群众评价情况' ELSE NULL END, updated_at = \(bind: at)
            WHERE call_id = \(bind: callID) AND state <> 'due'
            """
        ).run()
    }
}
