/// 群众评议: one answer per target on a ballot [DOMAIN §3.2].
public enum EvaluationAnswer: String, Sendable, CaseIterable, Codable {
    /// 满意
    case satisfied
    /// 基本满意
    case basicallySatisfied = "basically_satisfied"
    /// 不满意
    case dissatisfied

    public var name: Bilingual {
        switch self {
        case .satisfied: .init("满意", "Satisfied")
        case .basicallySatisfied: .init("基本满意", "Basically satisfied")
        case .dissatisfied: .init("不满意", "Dissatisfied")
        }
    }
}

/// 群众满意率: the answers that count as satisfied over the valid ballots. Which answers count is
/// configurable per campaign; by default 满意 and 基本满意 [DOMAIN §3.2, issue 4].
public struct SatisfactionRate: Sendable, Hashable, Codable {
    public var counted: Set<EvaluationAnswer>

    public init(counted: Set<EvaluationAnswer> = [.satisfied, .basicallySatisfied]) {
        self.counted = counted
    }

    /// The rate in 0…1, or nil when nobody answered for the target.
    public func rate(_ counts: [EvaluationAnswer: Int]) -> Double? {
        let valid = counts.values.reduce(0, +)
        guard valid > 0 else { return nil }
        return Double(counted.reduce(0) { $0 + (counts[$1] ?? 0) }) / Double(valid)
    }
}
