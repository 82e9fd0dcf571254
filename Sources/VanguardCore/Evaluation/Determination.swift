/// 等次: the grade of a leader comment and of the organizational determination [DOMAIN §3.1, §3.3].
public enum EvaluationGrade: String, Sendable, CaseIterable, Codable, Comparable {
    case excellent, qualified
    case basicallyQualified = "basically_qualified"
    case unqualified

    public var name: Bilingual {
        switch self {
        case .excellent: .init("优秀", "Excellent")
        case .qualified: .init("合格", "Qualified")
        case .basicallyQualified: .init("基本合格", "Basically qualified")
        case .unqualified: .init("不合格", "Unqualified")
        }
    }

    /// The grade as points out of 100, for combining with rates.
    public var score: Double {
        switch self {
        case .excellent: 100
        case .qualified: 80
        case .basicallyQualified: 60
        case .unqualified: 0
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.score < b.score }
}

/// 组织认定: a proposed grade from the leader comment, commitment fulfilment and satisfaction rate,
/// with weights and thresholds that are data per campaign. The determining organization confirms it
/// or overrides it with a recorded reason [DOMAIN §3.3, issue 4].
public struct DeterminationPolicy: Sendable, Hashable, Codable {
    public var commentWeight: Double
    public var fulfilmentWeight: Double
    public var satisfactionWeight: Double
    /// Lowest combined score (0…100) for each grade above 不合格.
    public var excellentFrom: Double
    public var qualifiedFrom: Double
    public var basicallyQualifiedFrom: Double

    public init(
        commentWeight: Double = 0.3, fulfilmentWeight: Double = 0.4, satisfactionWeight: Double = 0.3, excellentFrom: Double = 90,
        qualifiedFrom: Double = 75, basicallyQualifiedFrom: Double = 60
    ) {
        self.commentWeight = commentWeight
        self.fulfilmentWeight = fulfilmentWeight
        self.satisfactionWeight = satisfactionWeight
        self.excellentFrom = excellentFrom
        self.qualifiedFrom = qualifiedFrom
        self.basicallyQualifiedFrom = basicallyQualifiedFrom
    }

    public func check() throws {
        let weights = [commentWeight, fulfilmentWeight, satisfactionWeight]
        guard weights.allSatisfy({ $0 >= 0 }), abs(weights.reduce(0, +) - 1) < 1e-9 else {
            throw VanguardError.invalid("三项权重须为非负数且合计为1", "The three weights must be non-negative and add up to 1", field: "weights")
        }
        guard 0 <= basicallyQualifiedFrom, basicallyQualifiedFrom <= qualifiedFrom, qualifiedFrom <= excellentFrom, excellentFrom <= 100 else {
            throw VanguardError.invalid("等次分数线须在0到100之间且由低到高", "Thresholds must lie in 0…100 in increasing order", field: "thresholds")
        }
    }

    /// The combined score and the grade it proposes. Fulfilment is the heart of 评诺: without commitment
    /// items due (no commitment, or none due yet) there is no proposal at all — a grade from missing
    /// data would be a wrong result (issue 11). A missing comment or satisfaction is left out and the
    /// remaining weights are scaled up, so nobody is punished for a round that did not happen; the
    /// decider sees which parts were missing (`missing`).
    public func propose(comment: EvaluationGrade?, fulfilmentRate: Double?, satisfactionRate: Double?) -> (score: Double, grade: EvaluationGrade)? {
        guard fulfilmentRate != nil else { return nil }
        let parts: [(Double, Double?)] = [
            (commentWeight, comment?.score), (fulfilmentWeight, fulfilmentRate.map { $0 * 100 }), (satisfactionWeight, satisfactionRate.map { $0 * 100 }),
        ]
        let present = parts.compactMap { w, v in v.map { (w, $0) } }
        let weight = present.reduce(0) { $0 + $1.0 }
        guard weight > 0 else { return nil }
        let score = (present.reduce(0) { $0 + $1.0 * $1.1 } / weight * 100).rounded() / 100
        let grade: EvaluationGrade =
            score >= excellentFrom ? .excellent : score >= qualifiedFrom ? .qualified : score >= basicallyQualifiedFrom ? .basicallyQualified : .unqualified
        return (score, grade)
    }

    /// The parts a proposal lacks, to show beside it.
    public static func missing(comment: EvaluationGrade?, fulfilmentRate: Double?, satisfactionRate: Double?) -> [Bilingual] {
        var out: [Bilingual] = []
        if fulfilmentRate == nil { out.append(.init("没有到期的承诺事项（未作承诺或尚未到期），不提出建议等次", "No commitment items due (none made, or none due yet): no grade is proposed")) }
        if comment == nil { out.append(.init("本年度尚无领导点评", "No leader comment this year")) }
        if satisfactionRate == nil { out.append(.init("尚无结束的群众评议", "No closed mass evaluation")) }
        return out
    }

    /// An override of the proposal needs a reason; confirming does not.
    public static func checkOverride(proposed: EvaluationGrade?, decided: EvaluationGrade, reason: String?) throws {
        if proposed != decided, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw VanguardError.invalid("改变建议等次须写明理由", "Overriding the proposed grade needs a reason", field: "reason")
        }
    }
}
