/// 巡回检查: the campaign office's inspection groups (e.g. 12 leaders in 4 groups) tour the counties and
/// city units every quarter; each inspection answers a checklist (data), notes its findings and a score,
/// and every finding to put right becomes a rectification item of the inspected unit [DOMAIN §4; source 001].
public enum InspectionResult: String, Sendable, CaseIterable, Codable {
    case pass
    case partly
    case fail

    public var name: Bilingual {
        switch self {
        case .pass: .init("达标", "Met")
        case .partly: .init("基本达标", "Partly met")
        case .fail: .init("未达标", "Not met")
        }
    }
}

/// One line of the checklist (data: seeded with these, extended by the office).
public struct InspectionCheck: Sendable, Hashable, Codable {
    public var code: String
    public var title: String

    public init(code: String, title: String) {
        self.code = code
        self.title = title
    }

    /// What the campaign's documents ask a tour to look at [001][002][003].
    public static let defaults: [InspectionCheck] = [
        .init(code: "plan", title: "活动实施方案和工作台账健全"),
        .init(code: "commitments", title: "公开承诺全覆盖、上墙公示"),
        .init(code: "fulfilment", title: "承诺事项按期践诺、有记录可查"),
        .init(code: "evaluation", title: "领导点评和群众评议按时开展"),
        .init(code: "life", title: "“三会一课”等组织生活正常"),
        .init(code: "rectification", title: "上次检查发现的问题整改到位"),
    ]
}

/// The rules of an inspection record.
public enum InspectionRules {
    /// 评定等次 from the score.
    public static func grade(_ score: Int) -> Bilingual {
        switch score {
        case 90...: .init("优秀", "Excellent")
        case 80..<90: .init("良好", "Good")
        case 60..<80: .init("一般", "Fair")
        default: .init("较差", "Poor")
        }
    }

    /// Every checklist line answered (and nothing else), a score of 0–100, the date in the plan's quarter and
    /// not in the future, the findings written.
    public static func check(
        results: [String: InspectionResult], checklist: [InspectionCheck], score: Int, findings: String, inspectedOn: CalendarDay, quarter: Quarter,
        today: CalendarDay
    ) throws {
        for c in checklist where results[c.code] == nil {
            throw VanguardError.invalid("请评定“\(c.title)”", "Answer '\(c.title)'", field: "check." + c.code)
        }
        for code in results.keys where !checklist.contains(where: { $0.code == code }) {
            throw VanguardError.invalid("检查项“\(code.prefix(40))”不存在", "Unknown checklist line '\(code.prefix(40))'", field: "check." + code)
        }
        guard (0...100).contains(score) else { throw VanguardError.invalid("得分须在0到100之间", "The score is 0 to 100", field: "score") }
        guard quarter.contains(inspectedOn) else {
            throw VanguardError.invalid("检查日期须在\(quarter.name.zh)内", "The date must lie in \(quarter.name.en)", field: "inspectedOn")
        }
        guard inspectedOn <= today else { throw VanguardError.invalid("检查日期不能晚于今天", "The date cannot be in the future", field: "inspectedOn") }
        let t = findings.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t.count > 2000 {
            throw VanguardError.invalid("请写明检查发现的情况（不超过2000字）", "Write what was found (at most 2000 characters)", field: "findings")
        }
    }
}
