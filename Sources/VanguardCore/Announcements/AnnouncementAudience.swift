/// 发送范围 of a 通知公告: the organizations one level below the sender, its whole subtree, or organizations
/// the sender chooses inside its subtree. Each organization addressed signs for it once (签收).
public enum AnnouncementAudience: String, Sendable, CaseIterable, Codable {
    /// 直属下级组织.
    case children
    /// 全部下级组织.
    case subtree
    /// 指定组织 (inside the sender's subtree).
    case chosen

    public var name: Bilingual {
        switch self {
        case .children: .init("直属下级组织", "Organizations directly below")
        case .subtree: .init("全部下级组织", "Every organization below")
        case .chosen: .init("指定组织", "Chosen organizations")
        }
    }

    /// Whether an organization at `path` is addressed by a notice of `sender` (chosen: by its list).
    public func addresses(_ path: TreePath, from sender: TreePath, chosen: Bool) -> Bool {
        switch self {
        case .children: path.ids.count == sender.ids.count + 1 && sender.contains(path)
        case .subtree: path != sender && sender.contains(path)
        case .chosen: chosen
        }
    }
}
