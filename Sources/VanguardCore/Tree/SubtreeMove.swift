/// 调整隶属关系: the rule for moving an organization (with its whole subtree) under a new parent.
public enum SubtreeMove {
    /// Refuses a move under the organization itself or one of its descendants (a cycle), a move that
    /// breaks kind containment, and a move that would make the tree too deep.
    /// - Parameter subtreeHeight: levels below the moved organization (0 for a leaf).
    public static func check(
        moving: TreePath, kind: OrganizationKind, subtreeHeight: Int,
        newParent: TreePath, newParentKind: OrganizationKind
    ) throws {
        guard !moving.contains(newParent) else {
            throw VanguardError.invalid(
                "不能把组织移到它自身或其下级组织之下", "An organization cannot be moved under itself or its own descendant",
                field: "parentId")
        }
        try KindContainment.check(parent: newParentKind, child: kind)
        try TreeDepthLimit.check(depth: newParent.depth + 1 + subtreeHeight)
    }

    /// The new path of `path` (the moved organization or one below it) after the move.
    public static func rewrite(_ path: TreePath, moving: TreePath, newParent: TreePath) -> TreePath {
        TreePath(ids: newParent.ids + path.ids.dropFirst(moving.ids.count - 1))
    }
}
