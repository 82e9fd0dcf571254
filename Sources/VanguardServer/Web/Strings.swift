/// Every piece of UI text, in Simplified Chinese and English. Templates read them as `{{t.key}}`.
enum Strings {
    /// One catalog: a key and its Chinese and English text.
    typealias Catalog = [String: (zh: String, en: String)]

    /// The catalogs: the general one here (the frame, words every page uses, registered by
    /// `FrameCapability`) and each capability's own (`Strings+<Name>.swift`); a key in two of them traps
    /// at start (a test loads them).
    static let catalogs = WebCapabilities.all.map { $0.strings }
    static let catalog = catalogs.reduce(into: [:]) { all, one in all.merge(one) { _, _ in preconditionFailure("a UI string key is defined twice") } }

    static let general: [String: (zh: String, en: String)] = [
        "app": ("先锋 · 创先争优", "Vanguard · Strive to Be First"),
        "login": ("登录", "Log in"),
        "logout": ("退出", "Log out"),
        "username": ("用户名", "Username"),
        "password": ("密码", "Password"),
        "home": ("首页", "Home"),
        "tree": ("组织树", "Organization tree"),
        "search": ("搜索", "Search"),
        "searchPlaceholder": ("输入组织名称或编码、党员姓名或编号", "Organization name or code, member name or number"),
        "searchMore": ("只显示前50条。请输入更完整的名称或编码缩小范围。", "Only the first 50 are shown: type more of the name or code."),
        "pickHint": ("输入名称或编码，从列表中选择", "Type a name or code and pick from the list"),
        "pickMemberHint": ("输入姓名或党员编号，从列表中选择", "Type a name or member number and pick from the list"),
        "importExport": ("导入导出", "Import / export"),
        "subtreeOrganizations": ("组织总数", "Organizations in subtree"),
        "subtreeMembers": ("党员总数", "Members in subtree"),
        "kind": ("组织类别", "Kind"),
        "sector": ("所属领域", "Sector"),
        "systems": ("所属系统", "Systems"),
        "code": ("组织编码", "Code"),
        "name": ("名称", "Name"),
        "memberName": ("姓名", "Name"),
        "memberNo": ("党员编号", "Member number"),
        "status": ("党员类别", "Status"),
        "awaitingReviewOnly": ("只看待审核", "Awaiting review only"),
        "organization": ("所在组织", "Organization"),
        "reason": ("原因", "Reason"),
        "date": ("时间", "Date"),
        "operator": ("经办人", "By"),
        "save": ("保存", "Save"),
        "yes": ("是", "Yes"),
        "no": ("否", "No"),
        "none": ("无", "None"),
        "page": ("页", "Page"),
        "template": ("下载模板", "Template"),
        "export": ("导出", "Export"),
        "roles": ("我的角色", "My roles"),
        "scope": ("管理范围", "My scope"),
        "campaign": ("当前活动", "Current campaign"),
        "campaigns": ("活动管理", "Campaigns"),
        "boardTitle": ("公开承诺栏", "Public commitments"),
        "myCommitments": ("我的承诺", "My commitments"),
        "reviewQueue": ("审诺台", "Commitments to review"),
        "year": ("年度", "Year"),
        "focusArea": ("重点领域", "Focus area"),
        "theme": ("主题", "Theme"),
        "phases": ("活动阶段", "Phases"),
        "carriers": ("活动载体", "Activity carriers"),
        "planDue": ("实施方案报送截止", "Plans due"),
        "higherStandard": ("承诺标准应高于普通党员", "Commits to a higher standard"),
        "residenceOrganization": ("居住地党组织", "Residence organization"),
        "inflowOrganization": ("流入地党组织", "Inflow organization"),
        "outflowOrganization": ("流出地党组织", "Outflow organization"),
        "errorTitle": ("出错了", "Something went wrong"),
        "back": ("返回", "Back"),
        "language": ("English", "中文"),
        "languageCode": ("en", "zh-CN"),
        "menu": ("菜单", "Menu"),
        "confirmDissolve": ("确定撤销这个党组织吗？撤销后不能恢复。", "Dissolve this organization? This cannot be undone."),
        "confirmDisable": ("确定停用这个账号吗？其登录会立即失效。", "Disable this account? Its sessions end at once."),
        "confirmCloseRound": ("确定结束这轮评议吗？结束后不能再投票，结果将冻结。", "Close this round? No more ballots; the results freeze."),
        "print": ("打印", "Print"),
        "compiledOn": ("编制日期", "Compiled on"),
        "version": ("版本", "Version"),
        "notFoundPage": ("页面不存在，或不在您的管理范围内", "This page does not exist or is outside your scope"),
        "welcome": ("您好", "Welcome"),
        "leadingCadre": ("领导干部", "Leading cadre"),
        "secretary": ("书记/负责人", "Secretary"),
        "partyWorker": ("党务工作者", "Party worker"),
        "retired": ("离退休", "Retired"),
        "elderly": ("年老体弱", "Elderly"),
        "inService": ("在职党员", "In service"),
        "withoutPost": ("无职党员", "Without post"),
        "floating": ("流动党员", "Floating"),
        "student": ("学生党员", "Student"),
        "faculty": ("教职工党员", "Faculty"),
        "inbox": ("提醒", "Reminders"),
        "ballotsCast": ("已收评议票", "Ballots"),
        "satisfactionRate": ("满意率", "Satisfaction"),
        "evaluations": ("群众评议", "Mass evaluation"),
        "dashboard": ("统计", "Statistics"),
        "statMemberItems": ("党员承诺事项", "Member items"),
        "myPoints": ("我的积分与点评", "My points and comments"),
        "evaluationSettings": ("评价办法", "Evaluation rules"),
        "setting_commentWeight": ("领导点评权重", "Comment weight"),
        "setting_fulfilmentWeight": ("承诺兑现权重", "Fulfilment weight"),
        "setting_satisfactionWeight": ("群众满意权重", "Satisfaction weight"),
        "setting_excellentFrom": ("优秀分数线", "Excellent from"),
        "setting_qualifiedFrom": ("合格分数线", "Qualified from"),
        "setting_basicallyQualifiedFrom": ("基本合格分数线", "Basically qualified from"),
        "leaderComments": ("领导点评", "Leader comments"),
        "show": ("查看", "Show"),
        "comment_late": ("已逾期", "Late"),
        "achievements": ("肯定成绩", "Achievements"),
        "problems": ("指出问题", "Problems"),
        "direction": ("明确方向", "Direction"),
        "commentProgress": ("点评进度", "Comment progress"),
        "state": ("状态", "State"),
        "determinations": ("组织认定", "Determination"),
        "fulfilmentRate": ("兑现率", "Fulfilment"),
        "points": ("积分排名", "Points"),
        "stars": ("星级", "Stars"),
        "pointsValue": ("分值", "Points"),
        "pointLedger": ("积分台账", "Point ledger"),
        "pointEvent": ("积分事项", "Event"),
        "scoringSheet": ("评分表", "Scoring sheet"),
        "unread": ("未读", "Unread"),
        "wholeCommitment": ("整体进展", "The whole commitment"),
        "resolvedOn": ("答复日期", "Answered on"),
        "poster": ("打印海报（岗前挂、栏上贴）", "Print a poster"),
        "ledger": ("承诺台账", "Commitment ledger"),
        "coverage": ("全覆盖", "Coverage"),
        "supervision": ("跟踪检查", "Supervision"),
        "exportXLSX": ("导出Excel", "Export XLSX"),
        "previous": ("上一页", "Previous"),
        "next": ("下一页", "Next"),
        "remove": ("删除", "Remove"),
        "outbox": ("待发短信", "Outbox"),
    ]

    /// The catalog in one language, for Swift code: a key it lacks reads as "⟨key⟩" rather than trapping
    /// (and `StringCatalogTests` and the read-only walk look for that mark).
    static func text(english: Bool) -> UIText { UIText(table: table(english: english)) }

    /// The catalog in one language, as a dictionary a template can read.
    static func table(english: Bool) -> [String: String] {
        catalog.mapValues { english ? $0.en : $0.zh }
    }

    static let zh = table(english: false)
    static let en = table(english: true)
}

/// UI text of one language, looked up by key without a way to crash.
struct UIText: Sendable {
    let table: [String: String]
    subscript(_ key: String) -> String { table[key] ?? "⟨\(key)⟩" }
}
