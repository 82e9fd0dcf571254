/// UI text of 评议 (leader comments, mass evaluation, determinations, evaluation settings).
extension Strings {
    static let evaluation: [String: (zh: String, en: String)] = [
        "batch": ("批次", "Batch"),
        "batchLabel": ("第%d批", "No. %d"),
        "issuedAt": ("发放时间", "Issued"),
        "reprints": ("重印次数", "Reprints"),
        "reprint": ("重新打印", "Print again"),
        "reprintHint": (
            "评议码丢失或打印出错时可重新打印整批（重新打印会记入审计日志；已投过票的评议码不能再投）。", "Print a batch again if slips were lost or spoiled (audited; a code that voted cannot vote again)."
        ),
        "backToRound": ("返回评议页", "Back to the round"),
        "promisedInPublic": ("公开承诺：", "Promised in public:"),
        "noPublicPromise": ("本年度没有公开的承诺。", "No public commitment this year."),
        "slipInstructions": (
            "扫描二维码或在浏览器打开上面的网址，输入评议码，对每位评议对象选择“满意”“基本满意”或“不满意”后提交。不记名，每个评议码只能投一次，请妥善保管。",
            "Scan the code or open the address above, enter the ballot code, choose satisfied, basically satisfied or dissatisfied for each person, and submit. Anonymous; each code votes once."
        ),
        "evaluationPeriod": ("评议期", "Period"),
        "ballotAnswers": ("评价人次", "Answers"),
        "ballot": ("群众评议", "Evaluation"),
        "ballotHint": ("请对每一项选择满意、基本满意或不满意，不记名", "Rate each one; your ballot is anonymous"),
        "ballotThanks": ("谢谢您的评议！您的意见已经记录，不记名。", "Thank you. Your ballot was counted anonymously."),
        "resultsAfterClose": (
            "评议进行中：为保护投票人匿名，结果在评议结束后公布，此前只显示已计入的票数（每次至少10张一起计入）。",
            "The round is open: to keep voters anonymous, results are published when it closes; until then only the ballots counted so far are shown (at least 10 at a time)."
        ),
        "ballotPending": (
            "为保护匿名，您的选票将与其他至少9张选票一起计入（或在评议结束时计入）。在此之前如遇系统中断，您的评议码仍然有效，可以重新投票。",
            "To keep it anonymous, your ballot is counted together with at least nine others (or when the round closes). Should the system stop before then, your code stays valid and you may vote again."
        ),
        "ballotCode": ("评议码", "Ballot code"),
        "castBallot": ("提交评议", "Submit"),
        "remark": ("意见建议（可不填）", "Remark (optional)"),
        "roundOpen": ("进行中", "Open"),
        "roundClosed": ("已结束，结果已冻结", "Closed; results frozen"),
        "codesIssued": ("已发评议码", "Codes issued"),
        "codeCount": ("发放数量", "How many"),
        "issueCodes": ("生成并打印评议码", "Issue and print codes"),
        "closeRound": ("结束评议并冻结结果", "Close and freeze the results"),
        "target": ("评议对象", "Rated"),
        "slipsHint": ("评议码只在本页显示一次，请打印后裁开发放", "The codes are shown only once: print and cut the slips"),
        "evaluationSettingsHint": (
            "组织认定按三项加权：权重合计为1，分数线由低到高；积分规则每项可设年度上限；星级分数线最多五档。",
            "Weights add up to 1; thresholds rise; each point rule may have a yearly cap; at most five star levels."
        ),
        "pointRules": ("积分规则", "Point rules"),
        "yearlyCap": ("年度上限", "Yearly cap"),
        "visitInterval": ("领导干部联系点调研周期", "Contact-point visit interval"),
        "visitEvery1": ("每月一次", "Monthly"), "visitEvery2": ("每两个月一次", "Every two months"),
        "visitEvery3": ("每季度一次", "Quarterly"), "visitEvery6": ("每半年一次", "Half-yearly"),
        "memberStars": ("党员星级分数线（年度积分）", "Member stars (points)"),
        "organizationStars": ("组织星级分数线（考核得分）", "Organization stars (score)"),
        "halfYear": ("半年", "Half year"),
        "commentDutiesHint": (
            "支部书记点评本支部每名党员，班子成员点评所属党组织，领导干部点评联系点和分管单位；每半年一次，可以修改。",
            "Secretaries comment on their members, leaderships on the organizations under them, leaders on their contact points; every half year."
        ),
        "noCommentDuties": ("本半年没有需要您点评的对象", "Nobody for you to comment on this half year"),
        "comment_done": ("已点评", "Done"),
        "comment_due": ("待点评", "Due"),
        "grade": ("等次", "Grade"),
        "saveComment": ("保存点评", "Save the comment"),
        "commentRelation": ("点评关系", "Relation"),
        "commentsExpected": ("应点评", "Owed"),
        "commentsDone": ("已点评", "Written"),
        "commentsOutstanding": ("尚未点评", "Still owed"),
        "commenter": ("点评人", "Commenter"),
        "contactPoints": ("领导干部联系点", "Leaders' contact points"),
        "leaderMemberNo": ("领导干部党员编号", "Leader's member number"),
        "contactPoint": ("联系点", "Contact point"),
        "supervisedUnit": ("分管单位", "Supervised unit"),
        "addContact": ("设为联系点", "Add"),
        "determinationHint": (
            "按领导点评、承诺兑现率和群众满意率给出建议等次；改变建议等次须写明理由。认定后本年承诺进入“已评诺”。",
            "The rules propose a grade from comments, fulfilment and satisfaction; overriding it needs a reason."
        ),
        "commentGrade": ("点评等次", "Comment grade"),
        "proposedScore": ("综合得分", "Score"),
        "proposedGrade": ("建议等次", "Proposed"),
        "decidedGrade": ("认定等次", "Decided"),
        "overrideReason": ("改变建议时填写理由", "Reason, if overriding"),
        "determine": ("认定", "Determine"),
        "openRound": ("发起评议", "Open a round"),
    ]
}
