/// 统计数据: the figures a report carries, filled from the statistics of the organization's subtree for the
/// campaign year when it is submitted (a clerk does not type them, and the superior reads what they were
/// that day). Kept with the report as JSON.
public struct WorkReportFigures: Sendable, Hashable, Codable {
    public var members: Int
    public var organizationCommitments: Int
    public var organizationItems: Int
    public var organizationItemsFulfilled: Int
    public var memberCommitments: Int
    public var memberItems: Int
    public var memberItemsFulfilled: Int
    public var committedMembers: Int
    public var shouldCommit: Int
    public var overdue: Int
    /// 满意率 in per mille (nil before any ballot was counted).
    public var satisfactionPerMille: Int?
    public var commended: Int

    public init(_ f: StatFigures, members: Int) {
        self.members = members
        organizationCommitments = f.made("organization")
        organizationItems = f.items("organization")
        organizationItemsFulfilled = f.itemsFulfilled("organization")
        memberCommitments = f.made("member")
        memberItems = f.items("member")
        memberItemsFulfilled = f.itemsFulfilled("member")
        committedMembers = f.value(StatMetric.committedMembers)
        shouldCommit = f.shouldCommit(members: members)
        overdue = f.overdue("member") + f.overdue("organization")
        satisfactionPerMille = f.satisfactionRate.map { Int(($0 * 1000).rounded()) }
        commended = f.commended(title: nil)
    }

    /// The figures as a clerk reads them, in the order of the report form.
    public var lines: [(label: Bilingual, value: String)] {
        func rate(_ part: Int, _ whole: Int) -> String { ChineseNumber.percent(whole > 0 ? Double(part) / Double(whole) : nil) }
        return [
            (.init("党员", "Members"), String(members)),
            (.init("组织承诺（件）", "Organization commitments"), String(organizationCommitments)),
            (
                .init("组织承诺事项 已兑现/总数", "Organization items fulfilled / made"),
                "\(organizationItemsFulfilled) / \(organizationItems)（\(rate(organizationItemsFulfilled, organizationItems))）"
            ),
            (.init("党员承诺（件）", "Member commitments"), String(memberCommitments)),
            (.init("党员承诺事项 已兑现/总数", "Member items fulfilled / made"), "\(memberItemsFulfilled) / \(memberItems)（\(rate(memberItemsFulfilled, memberItems))）"),
            (.init("承诺覆盖 已承诺/应承诺", "Coverage committed / should"), "\(committedMembers) / \(shouldCommit)（\(rate(committedMembers, shouldCommit))）"),
            (.init("逾期未兑现（件）", "Overdue"), String(overdue)),
            (.init("群众满意率", "Satisfaction"), ChineseNumber.percent(satisfactionPerMille.map { Double($0) / 1000 })),
            (.init("受表彰（个/人）", "Commended"), String(commended)),
        ]
    }
}
