/// 表彰条件: one rule a nominee must meet, as data on the round [issue 15: "eligibility is checked, not
/// trusted"]. Each speaks for itself when refused.
public struct EligibilityRule: Sendable, Hashable, Codable {
    public var kind: EligibilityKind
    /// The threshold, for the kinds that have one: the lowest grade's score (组织认定), the lowest
    /// satisfaction (0…1), the lowest scoring-sheet total (0…100), the years a revoked title bars.
    public var value: Double?

    public init(_ kind: EligibilityKind, _ value: Double? = nil) {
        self.kind = kind
        self.value = value
    }

    /// For individuals: determined 优秀 that year, satisfaction ≥ 90%, no backward designation, no overdue
    /// rectification, no title revoked in the last 3 years. For collectives the same, and for 先进单位 a
    /// scoring-sheet total of at least 90.
    public static func defaults(for title: CommendationTitle) -> [EligibilityRule] {
        var rules: [EligibilityRule] = [
            .init(.determination, EvaluationGrade.excellent.score), .init(.satisfaction, 0.9), .init(.notBackward), .init(.noOverdueRectification),
            .init(.noRevokedTitle, 3),
        ]
        if title.code == "advanced_unit" { rules.append(.init(.scoring, 90)) }
        return rules
    }
}

public enum EligibilityKind: String, Sendable, CaseIterable, Codable {
    /// 年度组织认定等次.
    case determination
    /// 群众评议满意率.
    case satisfaction
    /// 考评计分表得分 (the superior's assessment, not the self-check).
    case scoring
    /// 未被认定为后进（或已摘帽）.
    case notBackward = "not_backward"
    /// 无逾期未整改事项.
    case noOverdueRectification = "no_overdue_rectification"
    /// 期内无被撤销的荣誉称号.
    case noRevokedTitle = "no_revoked_title"

    public var name: Bilingual {
        switch self {
        case .determination: .init("年度组织认定等次", "Determination of the year")
        case .satisfaction: .init("群众满意率", "Satisfaction")
        case .scoring: .init("考评得分", "Assessment score")
        case .notBackward: .init("不是后进", "Not backward")
        case .noOverdueRectification: .init("无逾期整改事项", "No overdue rectification")
        case .noRevokedTitle: .init("期内未被撤销称号", "No revoked title")
        }
    }
}

/// What the records say about a nominee for the round's year: the evidence beside a nomination.
public struct EligibilityFacts: Sendable, Hashable, Codable {
    public var grade: EvaluationGrade?
    public var satisfaction: Double?
    public var score: Double?
    public var backward: Bool
    public var overdueItems: Int
    /// The latest day a title of hers was revoked, if ever.
    public var revokedOn: CalendarDay?
    /// The year's points (members) and commitments fulfilled out of those due, for the evidence only.
    public var points: Int?
    public var itemsDue: Int
    public var itemsFulfilled: Int

    public init(
        grade: EvaluationGrade? = nil, satisfaction: Double? = nil, score: Double? = nil, backward: Bool = false, overdueItems: Int = 0,
        revokedOn: CalendarDay? = nil, points: Int? = nil, itemsDue: Int = 0, itemsFulfilled: Int = 0
    ) {
        self.grade = grade
        self.satisfaction = satisfaction
        self.score = score
        self.backward = backward
        self.overdueItems = overdueItems
        self.revokedOn = revokedOn
        self.points = points
        self.itemsDue = itemsDue
        self.itemsFulfilled = itemsFulfilled
    }
}

/// The checks of `EligibilityRule` against `EligibilityFacts`.
public enum EligibilityRules {
    /// Every rule the facts do not meet, each with its reason (empty: eligible).
    public static func refusals(_ rules: [EligibilityRule], facts f: EligibilityFacts, year: Int, today: CalendarDay) -> [Bilingual] {
        var out: [Bilingual] = []
        for r in rules {
            switch r.kind {
            case .determination:
                let floor = r.value ?? EvaluationGrade.excellent.score
                let wanted = EvaluationGrade.allCases.filter { $0.score >= floor }.min() ?? .excellent
                if let g = f.grade {
                    if g.score < floor {
                        out.append(.init("\(year)年度组织认定为\(g.name.zh)，未达到\(wanted.name.zh)", "Determined \(g.name.en) in \(year), short of \(wanted.name.en)"))
                    }
                } else {
                    out.append(.init("\(year)年度尚无组织认定结果", "No determination for \(year) yet"))
                }
            case .satisfaction:
                let floor = r.value ?? 0.9
                if let s = f.satisfaction {
                    if s < floor {
                        out.append(.init("群众满意率\(percent(s))，低于\(percent(floor))", "Satisfaction \(percent(s)) is below \(percent(floor))"))
                    }
                } else {
                    out.append(.init("尚无群众评议满意率", "No mass-evaluation satisfaction yet"))
                }
            case .scoring:
                let floor = r.value ?? 90
                if let s = f.score {
                    if s < floor {
                        out.append(.init("\(year)年度考评得分\(number(s))，低于\(number(floor))分", "Assessment score \(number(s)) is below \(number(floor))"))
                    }
                } else {
                    out.append(.init("\(year)年度尚无上级考评得分", "No assessment score for \(year) yet"))
                }
            case .notBackward:
                if f.backward { out.append(.init("被认定为后进且尚未摘帽", "Designated backward and not yet lifted")) }
            case .noOverdueRectification:
                if f.overdueItems > 0 { out.append(.init("有\(f.overdueItems)项整改事项逾期未销号", "\(f.overdueItems) rectification item(s) overdue")) }
            case .noRevokedTitle:
                let years = Int(r.value ?? 3)
                if let on = f.revokedOn, on.year > today.year - years {
                    out.append(.init("\(on)被撤销荣誉称号，\(years)年内不得推荐", "A title was revoked on \(on): barred for \(years) years"))
                }
            }
        }
        return out
    }

    /// Rules as a round saves them: each kind at most once, thresholds finite and in range; a kind that
    /// takes no threshold keeps none.
    public static func normalized(_ rules: [EligibilityRule]) throws -> [EligibilityRule] {
        let out = rules.map { r in [.notBackward, .noOverdueRectification].contains(r.kind) ? EligibilityRule(r.kind) : r }
        for r in out where r.value.map({ !$0.isFinite }) == true {
            throw VanguardError.invalid("表彰条件“\(r.kind.name.zh)”的数值须为有限的数", "\(r.kind.name.en): the value must be a finite number", field: "eligibility")
        }
        try check(out)
        return out
    }

    public static func check(_ rules: [EligibilityRule]) throws {
        guard Set(rules.map(\.kind)).count == rules.count else {
            throw VanguardError.invalid("表彰条件重复", "A condition is named twice", field: "eligibility")
        }
        for r in rules {
            let ok: Bool =
                switch r.kind {
                case .determination: (r.value ?? 100) >= 0 && (r.value ?? 100) <= 100
                case .satisfaction: (r.value ?? 0.9) >= 0 && (r.value ?? 0.9) <= 1
                case .scoring: (r.value ?? 90) >= 0 && (r.value ?? 90) <= 100
                case .noRevokedTitle: (r.value ?? 3) >= 1 && (r.value ?? 3) <= 10
                case .notBackward, .noOverdueRectification: true
                }
            guard ok else { throw VanguardError.invalid("表彰条件“\(r.kind.name.zh)”的数值超出范围", "\(r.kind.name.en): value out of range", field: "eligibility") }
        }
    }

    static func percent(_ x: Double) -> String {
        let tenths = Int((x * 1000).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)%" : "\(tenths / 10).\(tenths % 10)%"
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String((x * 10).rounded() / 10)
    }
}
