/// 跟踪检查、整改、回头看: the reviewer keeps dated records of what it checked, found and urged;
/// a formalistic commitment gets a rectification demand with a deadline; the look-back reviews
/// fulfilment [DOMAIN §2 践诺, Ledger; source 002].
public enum SupervisionKind: String, Sendable, CaseIterable, Codable {
    /// 跟踪检查
    case check
    /// 整改要求: names a commitment and a deadline.
    case rectification
    /// 回头看
    case lookBack = "look_back"

    public var name: Bilingual {
        switch self {
        case .check: .init("跟踪检查", "Supervision check")
        case .rectification: .init("整改要求", "Rectification demand")
        case .lookBack: .init("回头看", "Look-back review")
        }
    }
}

public enum CommitmentSupervision {
    public static func check(
        kind: SupervisionKind, findings: String, urged: String? = nil, commitmentID: Int64?, deadline: CalendarDay?, today: CalendarDay
    ) throws {
        let text = findings.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.count > 2000 {
            throw VanguardError.invalid("须写明检查发现的情况（不超过2000字）", "Write what was found (at most 2000 characters)", field: "findings")
        }
        if let urged, urged.count > 2000 {
            throw VanguardError.invalid("督促意见不能超过2000字", "The urging note is at most 2000 characters", field: "urged")
        }
        guard kind == .rectification else { return }
        if commitmentID == nil {
            throw VanguardError.invalid("整改要求须指明承诺", "A rectification demand names a commitment", field: "commitmentId")
        }
        guard let deadline else {
            throw VanguardError.invalid("整改要求须规定整改期限", "A rectification demand needs a deadline", field: "deadline")
        }
        if deadline < today {
            throw VanguardError.invalid("整改期限不能早于今天", "The deadline has already passed", field: "deadline")
        }
    }
}
