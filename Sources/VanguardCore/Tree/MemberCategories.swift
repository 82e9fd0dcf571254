/// The attributes of a member that change the campaign's rules for them [DOMAIN §1.2].
public struct MemberCategories: Sendable, Hashable, Codable {
    /// 党员领导干部: must commit, to a higher standard.
    public var leadingCadre = false
    /// 党组织书记/负责人: must commit, to a higher standard.
    public var secretary = false
    /// 党务工作者: can be commended as 优秀党务工作者.
    public var partyWorker = false
    /// 离退休: committing is voluntary.
    public var retired = false
    /// 年老体弱: committing is voluntary.
    public var elderly = false
    /// 在职党员: commits at work and at the residence community's organization.
    public var inService = false
    public var residenceOrganizationID: Int64?
    /// 无职党员: gets an assigned post first (设岗定责), then commits by that post (依岗承诺).
    public var withoutPost = false
    public var assignedPost: String?
    /// 流动党员: commits in the organization of the place they moved to (流入地).
    public var floating = false
    public var outflowOrganizationID: Int64?
    public var inflowOrganizationID: Int64?
    public var student = false
    public var faculty = false

    public init() {}

    /// Whether the member must commit to a higher standard than ordinary members.
    public var higherStandard: Bool { leadingCadre || secretary }
    /// Whether committing is voluntary (the branch may record an exemption).
    public var voluntary: Bool { retired || elderly }

    /// The Chinese labels of the flags that are set, for lists and exports.
    public var labels: [Bilingual] {
        var out: [Bilingual] = []
        if leadingCadre { out.append(.init("领导干部", "Leading cadre")) }
        if secretary { out.append(.init("书记/负责人", "Secretary")) }
        if partyWorker { out.append(.init("党务工作者", "Party worker")) }
        if retired { out.append(.init("离退休", "Retired")) }
        if elderly { out.append(.init("年老体弱", "Elderly or frail")) }
        if inService { out.append(.init("在职党员", "In service")) }
        if withoutPost { out.append(.init("无职党员", "Without post")) }
        if floating { out.append(.init("流动党员", "Floating")) }
        if student { out.append(.init("学生党员", "Student")) }
        if faculty { out.append(.init("教职工党员", "Faculty")) }
        return out
    }
}
