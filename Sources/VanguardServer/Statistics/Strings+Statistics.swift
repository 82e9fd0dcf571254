/// UI text of 统计 (dashboard and report).
extension Strings {
    static let statistics: [String: (zh: String, en: String)] = [
        "statReport": ("导出统计报表", "Export the report"),
        "statReportPage": ("统计报表", "Report"),
        "statOrganizationCommitments": ("组织承诺事项", "Organization items"),
        "statMemberCommitments": ("党员承诺事项", "Member items"),
        "statFulfilled": ("已兑现", "Fulfilled"),
        "statOverdue": ("逾期承诺", "Overdue"),
        "statOrganizationShort": ("组织", "Org."),
        "statMemberShort": ("党员", "Member"),
        "statCoverage": ("党员承诺覆盖率", "Members committed"),
        "statCommitted": ("已承诺", "Committed"),
        "statShouldCommit": ("应承诺", "Should commit"),
        "statExempt": ("免于承诺", "Exempted"),
        "statGuests": ("外单位党员在此承诺（人次）", "Commitments here by members of other organizations (member-places)"),
        "statPoints": ("党员积分", "Member points"),
        "statLive": ("实时数据（每项变化与统计在同一事务中更新，评议票投出即计入），截至", "Live figures (each fact and its counters commit together; ballots count as they are cast), as of"),
        "statMemberRate": ("党员承诺兑现率", "Member fulfilment"),
        "statItems": ("事项", " items"),
        "statByMonth": ("党员承诺逐月兑现", "Member items fulfilled by month"),
        "statChildren": ("下级组织", "Organizations under it"),
        "sortBy": ("排序", "Sort by"),
    ]
}
