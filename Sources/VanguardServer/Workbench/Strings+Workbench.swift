/// UI text of 工作台.
extension Strings {
    static let workbench: [String: (zh: String, en: String)] = [
        "workbench": ("工作台", "Workbench"),
        "wbTodos": ("待办事项", "Waiting for you"),
        "wbNothing": ("眼下没有需要您处理的事项。", "Nothing is waiting for you."),
        "wbAwaitingReview": ("待审核承诺", "Commitments to review"),
        "wbOverdue": ("逾期承诺", "Overdue commitments"),
        "wbOpenRounds": ("进行中的评议", "Evaluations open"),
        "wbPendingPoints": ("待审核加减分", "Points to approve"),
        "wbCommentsDue": ("待点评", "Comments due"),
        "wbUnread": ("未读提醒", "Unread reminders"),
        "wbToSubmit": ("待提交的承诺", "Commitments to submit"),
        "wbSubmitted": ("待支部审核", "Waiting for the branch"),
        "wbDueSoon": ("7日内到期事项", "Items due within 7 days"),
        "wbMyOverdue": ("我的逾期承诺", "My overdue commitments"),
        "wbMine": ("我的承诺与积分", "My commitments and points"),
        "wbItemsFulfilled": ("承诺事项已兑现", "Items fulfilled"),
        "wbPoints": ("本年积分", "Points this year"),
        "wbWatched": ("关注指标", "Figures"),
        "wbOrganizations": ("党组织", "Organizations"),
        "wbMembers": ("党员", "Members"),
        "wbMoreRoles": ("我的角色与管理范围", "My roles and scope"),
        "wbPeriod": ("当前", "Now"),
        "wbStars": ("星", " stars"),
        "wbLinks": ("常用", "Go to"),
    ]
}
