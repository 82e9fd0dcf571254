/// Which kinds may stand under which in the tree [DOMAIN §1.1]: 地方党委 → 工委 / 基层党委 → 党总支 →
/// 党支部. A branch is a leaf; a general branch holds branches only.
public enum KindContainment {
    public static func allows(parent: OrganizationKind, child: OrganizationKind) -> Bool {
        switch parent {
        case .localCommittee: true
        case .workingCommittee: child != .localCommittee
        case .grassrootsCommittee: child == .grassrootsCommittee || child == .generalBranch || child == .branch
        case .generalBranch: child == .branch
        case .branch: false
        }
    }

    /// Throws a clear message when `child` may not stand under `parent`.
    public static func check(parent: OrganizationKind, child: OrganizationKind) throws {
        guard allows(parent: parent, child: child) else {
            throw VanguardError.invalid(
                "\(parent.name.zh)下不能设立\(child.name.zh)",
                "A \(child.name.en.lowercased()) cannot stand under a \(parent.name.en.lowercased())",
                field: "kind")
        }
    }
}
