import VanguardCore

/// 审计日志的名称: what an audit record's action and target are called on the page (the code the
/// record keeps stays as the cell's title, for whoever searches by it).
enum AuditNames {
    static let actions: [String: Bilingual] = [
        "audit.export": .init("导出审计日志", "Audit exported"),
        "auth.failure": .init("登录失败", "Failed login"), "auth.login": .init("登录", "Login"), "auth.logout": .init("退出", "Logout"),
        "auth.revoke": .init("结束会话", "Session ended"),
        "branch.meeting": .init("支部会议", "Branch meeting"), "campaign.create": .init("创建活动", "Campaign created"),
        "comment": .init("领导点评", "Leader's comment"), "contact.add": .init("添加联系点", "Contact point added"),
        "contact.visit": .init("联系点调研指导", "Contact point visited"),
        "inspection.group": .init("组建巡回检查组", "Inspection group formed"), "inspection.plan": .init("安排巡回检查", "Inspections planned"),
        "inspection.record": .init("记录巡回检查", "Inspection recorded"),
        "demonstration.propose": .init("申报示范点", "Demonstration point proposed"),
        "demonstration.approve": .init("命名示范点", "Demonstration point approved"),
        "demonstration.reject": .init("示范点不予命名", "Demonstration point not approved"),
        "pairing.urban_rural": .init("城乡结对", "Urban–rural pairing"), "pairing.help": .init("城乡结对帮扶记录", "Pairing help recorded"),
        "pairing.end": .init("解除城乡结对", "Urban–rural pairing ended"), "contact.remind": .init("联系点调研提醒", "Visit reminders"),
        "secretary.performance": .init("书记履职评价", "Secretary reviewed"), "secretary.accountability": .init("书记问责", "Secretary held accountable"),
        "contact.remove": .init("移除联系点", "Contact point removed"), "demo.generate": .init("生成演示数据", "Demo generated"),
        "determination": .init("组织认定", "Determination"),
        "commitment.carry_forward": .init("承诺延续", "Commitment carried forward"), "commitment.create": .init("填写承诺", "Commitment drafted"),
        "commitment.exempt": .init("免于承诺", "Exempted"), "commitment.unexempt": .init("取消免于承诺", "Exemption lifted"),
        "commitment.progress": .init("报告践诺进展", "Progress reported"), "commitment.revise": .init("修改承诺事项", "Items revised"),
        "commitment.sweep": .init("逾期检查", "Overdue sweep"), "commitment.urge": .init("督促", "Urged"),
        "commitment.urge_overdue": .init("督促逾期承诺", "Overdue urged"),
        "evaluation.open": .init("发起评议", "Round opened"), "evaluation.close": .init("结束评议", "Round closed"),
        "evaluation.codes": .init("发放评议码", "Codes issued"), "evaluation.codes.reprint": .init("重新打印评议码", "Codes printed again"),
        "export.members": .init("导出党员名册", "Members exported"), "focus_area.add": .init("添加重点领域", "Focus area added"),
        "focus_area.remove": .init("删除重点领域", "Focus area removed"), "import.members": .init("导入党员", "Members imported"),
        "import.organizations": .init("导入党组织", "Organizations imported"),
        "member.create": .init("新增党员", "Member added"), "member.transfer": .init("党员转移", "Member transferred"),
        "member.update": .init("修改党员信息", "Member updated"),
        "organization.create": .init("新建党组织", "Organization created"), "organization.dissolve": .init("撤销党组织", "Organization dissolved"),
        "organization.move": .init("调整上级组织", "Organization moved"), "organization.update": .init("修改党组织", "Organization updated"),
        "plan.save": .init("报送实施方案", "Plan saved"),
        "points.propose": .init("提出加减分", "Points proposed"), "points.approve": .init("审核通过加减分", "Points approved"),
        "points.reject": .init("退回加减分", "Points rejected"),
        "scoring.template": .init("评分模板", "Scoring template"), "settings.save": .init("保存评价办法", "Settings saved"),
        "supervision.resolve": .init("督办办结", "Supervision resolved"),
        "backward.designate": .init("认定后进", "Backward unit designated"), "backward.pair": .init("结对帮扶", "Helper paired"),
        "backward.help": .init("记录帮扶", "Help recorded"), "backward.lift": .init("验收摘帽", "Backward unit lifted"),
        "backward.unpair": .init("解除结对", "Pairing ended"), "rectification.open": .init("列入整改事项", "Rectification item opened"),
        "rectification.sweep": .init("整改逾期与提醒", "Rectification sweep"),
        "commendation.open": .init("开展评选表彰", "Commendation round opened"), "commendation.quota": .init("分配表彰名额", "Quota set"),
        "commendation.eligibility": .init("设定表彰条件", "Conditions set"), "commendation.notice": .init("发布公示", "Shortlist published"),
        "commendation.decide": .init("作出表彰决定", "Commendation decided"), "commendation.revoke": .init("撤销表彰称号", "Title revoked"),
        "nomination.create": .init("推荐表彰对象", "Nominated"), "nomination.forward": .init("审核上报推荐", "Nomination forwarded"),
        "nomination.return": .init("退回推荐", "Nomination returned"), "nomination.attach": .init("添加事迹材料", "Materials added"),
        "nomination.shortlist": .init("遴选入围", "Shortlisted"),
        "objection.lodge": .init("公示异议", "Objection lodged"), "objection.verify": .init("核实异议", "Objection verified"),
        "fund.source": .init("设立资金来源", "Fund source added"), "fund.income": .init("奖励基金到账", "Money received"),
        "fund.propose": .init("提出奖励支出", "Award proposed"), "fund.approve": .init("批准奖励支出", "Award approved"),
        "fund.reject": .init("不批准奖励支出", "Award rejected"),
        "announcement.send": .init("发通知", "Notice sent"), "announcement.sign": .init("签收通知", "Notice signed"),
        "exemplar.create": .init("编写典型", "Exemplar written"), "exemplar.publish": .init("发布典型", "Exemplar published"),
        "exemplar.withdraw": .init("撤下典型", "Exemplar withdrawn"),
        "report.call": .init("布置报告", "Reports asked for"), "report.submit": .init("报送报告", "Report submitted"),
        "report.accept": .init("审阅通过报告", "Report accepted"), "report.return": .init("退回报告", "Report returned"),
        "report.remind": .init("报告报送提醒", "Report reminders"), "commendation.remind": .init("表彰日期提醒", "Commendation reminders"),
        "user.create": .init("创建账号", "Account created"), "user.disable": .init("停用账号", "Account disabled"),
        "user.enable": .init("启用账号", "Account enabled"), "user.grant": .init("授予角色", "Role granted"), "user.revoke": .init("收回角色", "Role revoked"),
        "user.password": .init("重置口令", "Password reset"), "user.password.change": .init("修改口令", "Password changed"),
        "user.unlock": .init("解除锁定", "Account unlocked"),
    ]

    static let targets: [String: Bilingual] = [
        "audit": .init("审计日志", "Audit"), "campaign": .init("活动", "Campaign"), "commitment": .init("承诺", "Commitment"),
        "evaluation": .init("群众评议", "Evaluation"), "focus_area": .init("重点领域", "Focus area"), "import": .init("导入", "Import"),
        "member": .init("党员", "Member"), "organization": .init("党组织", "Organization"), "scoring_template": .init("评分模板", "Scoring template"),
        "user": .init("账号", "Account"), "backward": .init("后进帮扶", "Backward unit"), "rectification": .init("整改事项", "Rectification item"),
        "commendation": .init("评选表彰", "Commendation"), "nomination": .init("推荐对象", "Nomination"), "fund": .init("奖励基金", "Award fund"),
        "announcement": .init("通知公告", "Notice"), "objection": .init("异议", "Objection"), "exemplar": .init("典型", "Exemplar"),
        "work_report": .init("报告", "Report"), "report_call": .init("报告任务", "Report call"),
    ]

    /// An action's name: from the table, or built from the step it records (承诺·审核通过, 评分·统一考核, 督办·跟踪检查).
    static func action(_ code: String) -> Bilingual {
        if let name = actions[code] { return name }
        let parts = code.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 {
            switch parts[0] {
            case "commitment": if let a = CommitmentAction(rawValue: parts[1]) { return .init("承诺·" + a.name.zh, "Commitment: " + a.name.en) }
            case "scoring": if let s = ScoringStage(rawValue: parts[1]) { return .init("评分·" + s.name.zh, "Scoring: " + s.name.en) }
            case "rectification": if let a = RectificationAction(rawValue: parts[1]) { return .init("整改·" + a.name.zh, "Rectification: " + a.name.en) }
            case "supervision": if let k = SupervisionKind(rawValue: parts[1]) { return .init("督办·" + k.name.zh, "Supervision: " + k.name.en) }
            default: break
            }
        }
        return .init(code, code)
    }

    static func target(_ code: String) -> Bilingual { targets[code] ?? .init(code, code) }
}
