import Foundation

/// 党组织类别: the level of an organization in the tree by affiliation (隶属关系) [DOMAIN §1.1].
public enum OrganizationKind: String, Sendable, CaseIterable, Codable {
    /// 地方党委 (省委、市委、县委)
    case localCommittee = "local_committee"
    /// 工作委员会 (e.g. 市直机关工委)
    case workingCommittee = "working_committee"
    /// 基层党委
    case grassrootsCommittee = "grassroots_committee"
    /// 党总支
    case generalBranch = "general_branch"
    /// 党支部
    case branch

    public var name: Bilingual {
        switch self {
        case .localCommittee: .init("地方党委", "Local committee")
        case .workingCommittee: .init("工作委员会", "Working committee")
        case .grassrootsCommittee: .init("基层党委", "Grassroots committee")
        case .generalBranch: .init("党总支", "General branch")
        case .branch: .init("党支部", "Branch")
        }
    }

    /// Parses the stored code or the Chinese name a clerk writes in a spreadsheet.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let k = OrganizationKind(rawValue: t) { self = k; return }
        let aliases: [String: OrganizationKind] = [
            "地方党委": .localCommittee, "省委": .localCommittee, "市委": .localCommittee, "县委": .localCommittee,
            "区委": .localCommittee, "工委": .workingCommittee, "工作委员会": .workingCommittee,
            "基层党委": .grassrootsCommittee, "党委": .grassrootsCommittee, "党总支": .generalBranch,
            "总支": .generalBranch, "党支部": .branch, "支部": .branch,
        ]
        guard let k = aliases[t] else { return nil }
        self = k
    }

    /// Whether members may belong directly to this kind. Members live in grassroots organizations;
    /// local and working committees hold them only through their grassroots organizations.
    public var holdsMembers: Bool {
        switch self {
        case .localCommittee, .workingCommittee: false
        case .grassrootsCommittee, .generalBranch, .branch: true
        }
    }
}
