/// 进展情况报告与工作总结: what a report must hold before it goes to the superior, and when it is late.
/// A draft may be saved half-written; a submitted report has its three parts (what was done, problems,
/// next steps) — the figures are filled from the statistics, not typed.
public enum WorkReportRules {
    public static let maximumPart = 5000
    public static let maximumRequirements = 2000
    public static let maximumReason = 500
    /// 附件 a report keeps, over every save.
    public static let maximumFiles = 12
    /// 到期提醒: the organizations whose report is not in are told this many days before the due date.
    public static let reminderDays = 7

    /// Every problem with a report's text and files, each naming its field; `submitting` asks for every part.
    public static func problems(
        done: String, problems: String, plans: String, files: [(name: String, bytes: [UInt8])], submitting: Bool
    ) -> [VanguardError] {
        var out: [VanguardError] = []
        let parts: [(String, String, Bilingual)] = [
            (done, "done", .init("主要工作和成效", "What was done")), (problems, "problems", .init("存在的问题", "Problems")),
            (plans, "plans", .init("下步打算", "Next steps")),
        ]
        for (text, field, label) in parts {
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !CommendationText.fits(t, limit: maximumPart) {
                out.append(.invalid("\(label.zh)不能超过\(maximumPart)字", "\(label.en): at most \(maximumPart) characters", field: field))
            } else if submitting && t.isEmpty {
                out.append(.invalid("报送前请填写\(label.zh)", "Fill in \(label.en.lowercased()) before submitting", field: field))
            }
        }
        // The evidence rules ask for text or a file; a report has its text, so only the files' own problems count.
        if !files.isEmpty { out += EvidencePolicy.problems(text: "-", files: files) }
        return out
    }

    /// The reason a superior gives for returning a report: required, and bounded.
    public static func reason(_ text: String?) throws -> String {
        let t = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, CommendationText.fits(t, limit: maximumReason) else {
            throw VanguardError.invalid(
                "请填写退回理由（不超过\(maximumReason)字）", "Give the reason for returning it (at most \(maximumReason) characters)", field: "reason")
        }
        return t
    }

    /// The requirements of a 报送任务 (optional, bounded).
    public static func requirements(_ text: String?) throws -> String {
        let t = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard CommendationText.fits(t, limit: maximumRequirements) else {
            throw VanguardError.invalid("报送要求不能超过\(maximumRequirements)字", "Requirements: at most \(maximumRequirements) characters", field: "requirements")
        }
        return t
    }

    /// 逾期报送: first submitted after the due date (a report returned and resubmitted late was on time).
    public static func isLate(firstSubmitted day: CalendarDay, due: CalendarDay) -> Bool { due < day }

    /// Whether the due reminder is told on `today`: within `reminderDays` before the due date, inclusive.
    public static func remindsDue(today: CalendarDay, due: CalendarDay) -> Bool {
        let days = due.daysSince1970 - today.daysSince1970
        return days >= 0 && days <= reminderDays
    }
}
