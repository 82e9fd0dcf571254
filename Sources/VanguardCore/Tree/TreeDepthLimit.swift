/// The deepest a tree may go: 中央 → 省 → 市 → 县 → 乡镇 → 村党委 → 党总支 → 党支部 is eight levels, so an
/// organization has at most seven ancestors, and a counter update touches at most eight rows.
public enum TreeDepthLimit {
    public static let maximumDepth = 7

    public static func check(depth: Int) throws {
        guard depth <= maximumDepth else {
            throw VanguardError.invalid(
                "组织层级不能超过\(maximumDepth + 1)级", "The tree may not be deeper than \(maximumDepth + 1) levels",
                field: "parent")
        }
    }
}
