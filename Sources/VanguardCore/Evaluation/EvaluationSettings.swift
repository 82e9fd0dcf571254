import Foundation

/// 评价办法: what each campaign decides as data — the determination's weights and thresholds, the
/// point rules, and the star thresholds [issue 4]. A campaign without its own settings uses `standard`.
public struct EvaluationSettings: Sendable, Hashable, Codable {
    public var determination: DeterminationPolicy
    public var pointRules: [PointRule]
    /// 党员星级: stars from the year's point total.
    public var memberStars: [Double]
    /// 组织星级: stars from the year's scoring-sheet total (out of 100).
    public var organizationStars: [Double]
    /// 联系点调研周期: a leader visits each contact point once per this many months (1, 2, 3 or 6; a quarter
    /// unless the campaign decides otherwise [001 "每季度"]).
    public var visitIntervalMonths: Int

    public init(
        determination: DeterminationPolicy, pointRules: [PointRule], memberStars: [Double], organizationStars: [Double], visitIntervalMonths: Int = 3
    ) {
        self.determination = determination
        self.pointRules = pointRules
        self.memberStars = memberStars
        self.organizationStars = organizationStars
        self.visitIntervalMonths = visitIntervalMonths
    }

    enum CodingKeys: String, CodingKey { case determination, pointRules, memberStars, organizationStars, visitIntervalMonths }

    /// Settings saved before the visit interval existed read as quarterly.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            determination: try c.decode(DeterminationPolicy.self, forKey: .determination), pointRules: try c.decode([PointRule].self, forKey: .pointRules),
            memberStars: try c.decode([Double].self, forKey: .memberStars), organizationStars: try c.decode([Double].self, forKey: .organizationStars),
            visitIntervalMonths: try c.decodeIfPresent(Int.self, forKey: .visitIntervalMonths) ?? 3)
    }

    public static let standard = EvaluationSettings(
        determination: .init(),
        pointRules: [
            .init(event: PointEventKind.fulfilledOnTime.rawValue, points: 5, yearlyCap: 20),
            .init(event: PointEventKind.gradeExcellent.rawValue, points: 10),
            .init(event: PointEventKind.gradeQualified.rawValue, points: 5),
            .init(event: PointEventKind.gradeBasicallyQualified.rawValue, points: 0),
            .init(event: PointEventKind.gradeUnqualified.rawValue, points: -10),
            .init(event: PointEventKind.satisfactionHigh.rawValue, points: 5, yearlyCap: 10),
            .init(event: PointEventKind.satisfactionLow.rawValue, points: -5, yearlyCap: 10),
            .init(event: PointEventKind.commended.rawValue, points: 20),
        ],
        memberStars: [10, 20, 30, 40, 50],
        organizationStars: [60, 70, 80, 90, 95])

    public func check() throws {
        try determination.check()
        var seen = Set<String>()
        for r in pointRules {
            guard PointEventKind(rawValue: r.event) != nil, r.event != PointEventKind.manual.rawValue else {
                throw VanguardError.invalid("没有这种积分事项：\(r.event)", "Unknown point event \(r.event)", field: "pointRules")
            }
            guard seen.insert(r.event).inserted else { throw VanguardError.invalid("积分事项重复：\(r.event)", "Duplicate rule \(r.event)", field: "pointRules") }
            guard abs(r.points) <= 1000, (r.yearlyCap ?? 0) >= 0 else {
                throw VanguardError.invalid("积分须在±1000以内，年度上限不能为负", "Points within ±1000, caps not negative", field: "pointRules")
            }
        }
        guard ContactVisitRules.intervals.contains(visitIntervalMonths) else {
            throw VanguardError.invalid("调研周期须为1、2、3或6个月", "The visit interval is 1, 2, 3 or 6 months", field: "visitIntervalMonths")
        }
        for (field, t) in [("memberStars", memberStars), ("organizationStars", organizationStars)] {
            guard t.count <= 5, t == t.sorted() else {
                throw VanguardError.invalid("星级分数线最多五档且由低到高", "At most five star thresholds, in increasing order", field: field)
            }
        }
    }
}

/// 积分事项: the events the system knows and applies by itself, and the branch's manual entries.
public enum PointEventKind: String, Sendable, CaseIterable, Codable {
    case fulfilledOnTime = "fulfilled_on_time"
    case gradeExcellent = "grade_excellent"
    case gradeQualified = "grade_qualified"
    case gradeBasicallyQualified = "grade_basically_qualified"
    case gradeUnqualified = "grade_unqualified"
    case satisfactionHigh = "satisfaction_high"
    case satisfactionLow = "satisfaction_low"
    /// 获评表彰: a title given by a commendation decision (dropped when it is revoked).
    case commended
    case manual

    public var name: Bilingual {
        switch self {
        case .fulfilledOnTime: .init("按期兑现承诺", "Commitment fulfilled on time")
        case .gradeExcellent: .init("组织认定优秀", "Determined excellent")
        case .gradeQualified: .init("组织认定合格", "Determined qualified")
        case .gradeBasicallyQualified: .init("组织认定基本合格", "Determined basically qualified")
        case .gradeUnqualified: .init("组织认定不合格", "Determined unqualified")
        case .satisfactionHigh: .init("群众满意率达到90%", "Satisfaction of 90% or more")
        case .satisfactionLow: .init("群众满意率低于60%", "Satisfaction below 60%")
        case .commended: .init("获评表彰", "Commended")
        case .manual: .init("支部加减分", "Branch's manual entry")
        }
    }

    public static func grade(_ g: EvaluationGrade) -> PointEventKind {
        switch g {
        case .excellent: .gradeExcellent
        case .qualified: .gradeQualified
        case .basicallyQualified: .gradeBasicallyQualified
        case .unqualified: .gradeUnqualified
        }
    }

    /// The satisfaction event a closed round's rate earns, if any.
    public static func satisfaction(_ rate: Double) -> PointEventKind? {
        rate >= 0.9 ? .satisfactionHigh : rate < 0.6 ? .satisfactionLow : nil
    }
}
