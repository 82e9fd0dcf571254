import VanguardCore

/// Subtree counts kept ready for an organization (统计计数).
public struct OrganizationCounters: Sendable, Hashable, Codable {
    /// Organizations in the subtree, itself included (dissolved ones excluded).
    public var subtreeOrganizations: Int
    public var subtreeMembers: Int
    public var ownMembers: Int

    public init(subtreeOrganizations: Int = 0, subtreeMembers: Int = 0, ownMembers: Int = 0) {
        self.subtreeOrganizations = subtreeOrganizations
        self.subtreeMembers = subtreeMembers
        self.ownMembers = ownMembers
    }
}

/// 党组织: one node of the tree as stored.
public struct OrganizationRecord: Sendable, Hashable {
    public var id: Int64
    public var parentID: Int64?
    /// 组织编码: the organization's stable code, used by imports to name parents.
    public var code: String
    public var name: String
    public var kind: OrganizationKind
    public var sector: Sector
    public var path: TreePath
    public var dissolved: Bool
    public var version: Int64
    public var counters: OrganizationCounters
    public var systems: [String] = []

    public var depth: Int { path.depth }
    public var hasChildren: Bool { counters.subtreeOrganizations > 1 }
}

/// 党员: a member as stored, with the name of the organization they belong to.
public struct MemberRecord: Sendable, Hashable {
    public var id: Int64
    public var organizationID: Int64
    public var organizationName: String
    public var organizationPath: TreePath
    public var draft: MemberDraft
    public var version: Int64

    public var maskedPhone: String { PhoneMask.mask(draft.phone) }
}

/// One move of a member between organizations (组织关系转接).
public struct TransferRecord: Sendable, Hashable {
    public var fromOrganizationID: Int64
    public var fromOrganizationName: String
    public var toOrganizationID: Int64
    public var toOrganizationName: String
    public var reason: String?
    public var actor: String
    public var at: Int64
}
