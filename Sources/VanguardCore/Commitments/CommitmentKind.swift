/// 三位一体: the three kinds of public commitment [DOMAIN §2, source 001].
public enum CommitmentKind: String, Sendable, CaseIterable, Codable {
    /// 长期承诺: carries forward to the next round on request.
    case longTerm = "long_term"
    /// 年度承诺: one per round (campaign year).
    case annual
    /// 即时承诺: a concrete promise made on the spot, with a near deadline.
    case immediate

    public var name: Bilingual {
        switch self {
        case .longTerm: .init("长期承诺", "Long-term")
        case .annual: .init("年度承诺", "Annual")
        case .immediate: .init("即时承诺", "Immediate")
        }
    }
}

/// Whose commitment it is: an organization's (reviewed by its superior) or a member's (reviewed by
/// their own branch) [DOMAIN §2 审诺].
public enum CommitmentSubject: Sendable, Hashable {
    case organization(Int64)
    case member(Int64)
}
