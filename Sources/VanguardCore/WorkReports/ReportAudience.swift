/// 报送范围 of a 报送任务: the organizations one level below the issuer (they report to it), or its whole
/// subtree (each organization reports to its own superior, level by level — 逐级报送).
public enum ReportAudience: String, Sendable, CaseIterable, Codable {
    /// 直属下级组织
    case children
    /// 全部下级组织
    case subtree

    public var name: Bilingual {
        switch self {
        case .children: .init("直属下级组织", "Organizations directly below")
        case .subtree: .init("全部下级组织（逐级报送）", "Every organization below (each to its superior)")
        }
    }

    /// Whether a call of `issuer` with this audience and one of `other` with `otherAudience` for the same
    /// period could ask one organization twice: the same issuer; an ancestor's call to its whole subtree;
    /// or this call to the whole subtree over a descendant's call. (A call to the level below does not
    /// reach the level a descendant's call asks.)
    public func overlaps(issuer: TreePath, other: TreePath, otherAudience: ReportAudience) -> Bool {
        if issuer == other { return true }
        if other.contains(issuer) { return otherAudience == .subtree }
        if issuer.contains(other) { return self == .subtree }
        return false
    }
}
