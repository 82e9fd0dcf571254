/// A role, granted on an organization and covering its whole subtree [DESIGN: authorization follows the tree].
public enum Role: String, Sendable, CaseIterable, Codable {
    /// 领导小组办公室: runs the campaign.
    case campaignOffice = "campaign_office"
    /// 党委工作人员 (组织部门)
    case committeeStaff = "committee_staff"
    /// 支部书记
    case branchSecretary = "branch_secretary"
    /// 党员
    case member
    /// 领导干部
    case leadingCadre = "leading_cadre"
    /// 巡回检查组成员
    case inspector

    public var name: Bilingual {
        switch self {
        case .campaignOffice: .init("领导小组办公室", "Campaign office")
        case .committeeStaff: .init("党委工作人员", "Committee staff")
        case .branchSecretary: .init("支部书记", "Branch secretary")
        case .member: .init("党员", "Member")
        case .leadingCadre: .init("领导干部", "Leading cadre")
        case .inspector: .init("巡回检查组", "Inspector")
        }
    }

    public var permissions: Set<Permission> {
        switch self {
        case .campaignOffice: Set(Permission.allCases)
        case .committeeStaff: [.read, .readPrivate, .manageOrganizations, .manageMembers, .importExport, .reviewCommitments]
        case .branchSecretary: [.read, .readPrivate, .manageMembers, .export, .reviewCommitments]
        case .member, .leadingCadre, .inspector: [.read]
        }
    }
}

/// What a role lets its holder do inside the subtree it is granted on.
public enum Permission: String, Sendable, CaseIterable, Codable {
    case read
    /// See members' full phone numbers on their own page.
    case readPrivate
    case manageOrganizations
    case manageMembers
    case importExport
    case export
    case manageCampaign
    /// 审诺、督促: review, publish and urge the commitments of the subtree.
    case reviewCommitments
    /// 账号管理: create accounts, grant and revoke roles, disable, reset passwords (the office only).
    case manageAccounts
}
