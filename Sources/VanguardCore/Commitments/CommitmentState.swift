/// The life of a commitment through 定诺→审诺→亮诺→践诺→评诺 [DOMAIN §2].
public enum CommitmentState: String, Sendable, CaseIterable, Codable {
    /// 定诺: being drafted.
    case draft
    /// 审诺: waiting for the reviewer.
    case submitted
    /// 退回: sent back with a reason; the author revises and submits again.
    case returned
    /// 审核通过
    case approved
    /// 亮诺: on the public board.
    case published
    /// 践诺: being fulfilled.
    case inProgress = "in_progress"
    /// 已兑现
    case fulfilled
    /// 逾期: a deadline passed unfulfilled.
    case overdue
    /// 撤回
    case withdrawn
    /// 评诺: evaluated at year end.
    case evaluated

    public var name: Bilingual {
        switch self {
        case .draft: .init("草稿", "Draft")
        case .submitted: .init("待审核", "Submitted")
        case .returned: .init("已退回", "Returned")
        case .approved: .init("已审核", "Approved")
        case .published: .init("已公开", "Published")
        case .inProgress: .init("践诺中", "In progress")
        case .fulfilled: .init("已兑现", "Fulfilled")
        case .overdue: .init("逾期", "Overdue")
        case .withdrawn: .init("已撤回", "Withdrawn")
        case .evaluated: .init("已评诺", "Evaluated")
        }
    }

    /// Whether the public board shows it (亮诺 onwards; never drafts, returns or withdrawals).
    public var isPublic: Bool {
        switch self {
        case .published, .inProgress, .fulfilled, .overdue, .evaluated: true
        case .draft, .submitted, .returned, .approved, .withdrawn: false
        }
    }

    /// Whether its items may still be edited by the author.
    public var isEditable: Bool { self == .draft || self == .returned }
}
