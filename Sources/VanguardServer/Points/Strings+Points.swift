/// UI text of 积分与考核 (points and scoring sheets).
extension Strings {
    static let points: [String: (zh: String, en: String)] = [
        "newScoringSheet": ("新建评分表", "New scoring sheet"),
        "fullMarks": ("满分", "Full marks"),
        "scoringOutline": ("指标（每行“编号 名称 分值”，编号带点表示下级，如1.2）", "Criteria, one a line: code title points (1.2 sits under 1)"),
        "rank": ("名次", "Rank"),
        "pointsTotal": ("年度积分", "Points this year"),
        "manualPoints": ("支部加减分", "Manual points"),
        "proposePoints": ("提交审核", "Submit for approval"),
        "secondApproverHint": ("加减分须由另一名支委审核后才计入积分", "A second person must approve before the points count"),
        "approvePoints": ("审核通过", "Approve"),
        "rejectPoints": ("退回", "Reject"),
        "siblingRanking": ("下级组织排名", "Ranking of the organizations under it"),
        "stage_self_check": ("自检自查", "Self-check"),
        "stage_assessment": ("统一考核", "Assessment"),
        "stage_comprehensive": ("综合评价", "Comprehensive"),
        "finalScore": ("最终得分", "Final"),
        "stageTotal": ("得分", "Score"),
        "evaluationComment": ("评价意见", "Comment"),
        "saveScores": ("保存评分", "Save the scores"),
    ]
}
