import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 评选表彰 on the web: an organization's rounds (and the form that opens one), a round's desk — quotas and
/// their split, the titles' conditions, the nominations with the evidence beside each, the nomination form,
/// the notice and the decision, objections and their verification — and the decision printed on A4.
struct CommendationPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct RoundRow: Sendable {
        let name: String; let url: String; let committee: String; let year: Int; let level: String; let state: String; let decideBy: String
    }
    struct ListModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let rounds: [RoundRow]; let openAction: String?
        /// 第十二表 of the subtree this year.
        let tableURL: String
        /// 待办 (the workbench's list), for the organization's office.
        let todos: Todos?
        let levels: [Option]; let year: Int; let decideBy: String
    }
    struct TodoRow: Sendable { let url: String; let text: String; let detail: String }
    struct Todos: Sendable { let total: Int; let none: Bool; let nominations: [TodoRow]; let objections: [TodoRow]; let payments: [TodoRow] }
    struct QuotaRow: Sendable { let title: String; let unit: String; let quota: Int; let used: Int; let full: Bool }
    struct RuleView: Sendable { let kind: String; let label: String; let on: Bool; let value: String; let hasValue: Bool }
    struct TitleRules: Sendable { let code: String; let name: String; let subject: String; let rules: [RuleView]; let summary: String }
    struct NominationRow: Sendable {
        let url: String?; let title: String; let nominee: String; let organization: String; let holder: String; let state: String; let evidence: String
    }
    struct ObjectionView: Sendable {
        let id: Int64; let nominee: String; let content: String; let from: String; let outcome: String; let verification: String; let open: Bool
        let action: String
    }
    struct RoundModel: Sendable {
        let frame: PageFrame; let name: String; let committee: String; let committeeURL: String?; let year: Int; let level: String; let state: String
        let decideBy: String; let notice: String; let decision: String; let publicURL: String?; let decisionURL: String?
        let quotas: [QuotaRow]; let quotaAction: String?; let titles: [Option]; let titleRules: [TitleRules]; let eligibilityAction: String?
        let nominations: [NominationRow]; let nominateAction: String?; let nominators: [Option]
        let publishAction: String?; let decideAction: String?; let openObjections: Int; let objections: [ObjectionView]; let managesObjections: Bool
    }
    struct DecisionEntry: Sendable { let nominee: String; let organization: String }
    struct DecisionGroup: Sendable { let title: String; let entries: [DecisionEntry] }
    struct DecisionModel: Sendable {
        let frame: PageFrame; let heading: String; let number: String; let committee: String; let date: String; let preamble: String;
        let groups: [DecisionGroup]
        let revoked: [DecisionEntry]
    }

    /// Objections as the committee reads them (the objector's name and contact are hers), each open one with its form.
    static func objections(_ list: [ObjectionRecord], nominee: (Int64) -> String, round: CommendationRoundRecord, english e: Bool) -> [ObjectionView] {
        list.map { x in
            ObjectionView(
                id: x.id, nominee: nominee(x.nominationID), content: x.content,
                from: [x.name ?? (e ? "anonymous" : "匿名"), x.contact ?? ""].filter { !$0.isEmpty }.joined(separator: " "),
                outcome: x.outcome?.name.text(english: e) ?? "", verification: x.verification ?? "", open: x.outcome == nil && round.state == .notice,
                action: WebURL.objectionVerification(x.id))
        }
    }

    /// The evidence beside a nomination, in one line.
    static func evidence(_ f: EligibilityFacts, english e: Bool) -> String {
        var parts: [String] = []
        parts.append((e ? "Determination " : "认定") + (f.grade?.name.text(english: e) ?? "—"))
        parts.append((e ? "satisfaction " : "满意率") + ChineseNumber.percent(f.satisfaction))
        if let s = f.score { parts.append((e ? "score " : "考评") + String(format: "%.1f", s)) }
        if let p = f.points { parts.append((e ? "points " : "积分") + String(p)) }
        parts.append((e ? "fulfilled " : "兑现") + "\(f.itemsFulfilled)/\(f.itemsDue)")
        return parts.joined(separator: e ? ", " : "，")
    }

    static func rules(_ rules: [EligibilityRule], english e: Bool) -> [RuleView] {
        EligibilityKind.allCases.map { kind in
            let r = rules.first { $0.kind == kind }
            let hasValue = ![.notBackward, .noOverdueRectification].contains(kind)
            let value =
                r?.value ?? EligibilityRule.defaults(for: .init(code: "advanced_unit", name: "", subject: .organization)).first { $0.kind == kind }?.value
            return RuleView(
                kind: kind.rawValue, label: kind.name.text(english: e), on: r != nil,
                value: value.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "",
                hasValue: hasValue)
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.commendations.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let list = try await vanguard.commendations.rounds(organizationID: id, todos: request.uri.queryParameters["todo"] == "1", as: caller)
            let today = vanguard.time.today()
            let todos = list.todos.map { d in
                Todos(
                    total: d.total, none: d.total == 0,
                    nominations: d.nominations.map {
                        TodoRow(url: WebURL.nomination($0.id), text: "\($0.nomineeName) · \($0.titleName)", detail: $0.nominatorName)
                    },
                    objections: d.objections.map {
                        TodoRow(url: WebURL.commendation($0.roundID), text: String($0.content.prefix(60)), detail: MemberPage.formatTime($0.at))
                    },
                    payments: d.payments.map {
                        TodoRow(
                            url: WebURL.fund(id, year: $0.day.year), text: "\($0.nomineeName ?? $0.sourceName) · \($0.amount)元",
                            detail: $0.proposedBy)
                    })
            }
            let model = ListModel(
                frame: PageFrame(context, title: list.organization.name + " · " + t["commendation"], path: WebURL.commendations(id), organization: id),
                organizationName: list.organization.name, organizationURL: WebURL.organization(id),
                rounds: list.rounds.map {
                    RoundRow(
                        name: $0.name, url: WebURL.commendation($0.id), committee: $0.organizationName, year: $0.year, level: $0.level.name.text(english: e),
                        state: $0.state.name.text(english: e), decideBy: $0.decideBy.description)
                }, openAction: list.mayOpen ? WebURL.commendations(id) : nil, tableURL: WebURL.commendationTable(id, year: today.year), todos: todos,
                levels: CommendationLevel.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e), selected: $0 == .county) },
                year: today.year, decideBy: (CalendarDay(year: today.month > 6 ? today.year + 1 : today.year, month: 6, day: 28) ?? today).description)
            return views.render("commendations", model)
        }
        router.post(WebRoute.commendations.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.organizations.get(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard let level = CommendationLevel(rawValue: form["level"]) else { throw VanguardError.invalid("请选择表彰层级", "Choose the level", field: "level") }
            guard let year = Int(form["year"]) else { throw VanguardError.invalid("年度须为数字", "The year is a number", field: "year") }
            guard let days = Int(form["noticeDays"]) else { throw VanguardError.invalid("公示天数须为数字", "Notice days is a number", field: "noticeDays") }
            let round = try await vanguard.commendations.open(
                organizationID: id, year: year, level: level, name: form["name"], decideBy: try form.day("decideBy", "表彰日期"), noticeDays: days, as: caller)
            return redirect(WebURL.commendation(round.id))
        }
        router.get(WebRoute.commendation.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let desk = try await vanguard.commendations.desk(roundID: id, as: caller)
            let r = desk.round
            let titleName = { (code: String) in desk.titles.first { $0.code == code }?.name ?? code }
            let nominating = r.state == .nominating
            let model = RoundModel(
                frame: PageFrame(context, title: r.name, path: WebURL.commendation(id), organization: r.organizationID), name: r.name,
                committee: r.organizationName,
                // A branch takes part in its county's round without seeing the county: no link where she would meet a 404.
                committeeURL: caller.canSee(r.organizationPath) ? WebURL.commendations(r.organizationID) : nil, year: r.year,
                level: r.level.name.text(english: e),
                state: r.state.name.text(english: e), decideBy: r.decideBy.description,
                notice: r.noticeFrom.map { "\($0) — \(r.noticeUntil?.description ?? "")" } ?? "",
                decision: r.decidedOn.map { "\(r.decisionNumber ?? "")（\($0)）" } ?? "", publicURL: nominating ? nil : WebURL.publicNotice(id),
                decisionURL: r.state == .decided ? WebURL.commendationDecision(id) : nil,
                quotas: desk.quotas.map {
                    QuotaRow(title: titleName($0.title), unit: $0.organizationName, quota: $0.quota, used: $0.used, full: $0.used >= $0.quota)
                },
                quotaAction: nominating && desk.maySplit ? WebURL.commendationAct(id, "quota") : nil,
                titles: desk.titles.map { Option(value: $0.code, label: $0.name + "（" + $0.subject.name.text(english: e) + "）", selected: false) },
                titleRules: desk.titles.map { title in
                    let rules = r.eligibility[title.code] ?? []
                    return TitleRules(
                        code: title.code, name: title.name, subject: title.subject.name.text(english: e), rules: Self.rules(rules, english: e),
                        summary: rules.map { $0.kind.name.text(english: e) }.joined(separator: e ? ", " : "、"))
                },
                eligibilityAction: nominating && desk.manages ? WebURL.commendationAct(id, "eligibility") : nil,
                nominations: desk.nominations.map {
                    NominationRow(
                        url: caller.canSee($0.organizationPath) ? WebURL.nomination($0.id) : nil, title: $0.titleName, nominee: $0.nomineeName,
                        organization: $0.organizationName, holder: $0.holderName,
                        state: $0.state.name.text(english: e), evidence: $0.facts.map { Self.evidence($0, english: e) } ?? "")
                },
                nominateAction: desk.nominators.isEmpty ? nil : WebURL.commendationAct(id, "nominate"),
                nominators: desk.nominators.map { Option(value: String($0.id), label: $0.name, selected: false) },
                publishAction: desk.manages && nominating && desk.nominations.contains { $0.state == .shortlisted }
                    ? WebURL.commendationAct(id, "publish") : nil,
                decideAction: desk.manages && r.state == .notice ? WebURL.commendationAct(id, "decide") : nil, openObjections: desk.openObjections,
                objections: Self.objections(
                    desk.objections ?? [], nominee: { id in desk.nominations.first { $0.id == id }?.nomineeName ?? "" }, round: r, english: e),
                managesObjections: desk.objections != nil)
            _ = t
            return views.render("commendation", model)
        }
        router.post(WebRoute.commendationAct.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let action = context.parameters.get("action") ?? ""
            _ = try await vanguard.commendations.desk(roundID: id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            switch action {
            case "quota":
                guard let unit = try await form.organization("organization", "单位", in: vanguard, as: caller) else {
                    throw VanguardError.invalid("请填写单位", "Name the unit", field: "organization")
                }
                guard let quota = Int(form["quota"]) else { throw VanguardError.invalid("名额须为整数", "The quota is a whole number", field: "quota") }
                try await vanguard.commendations.setQuota(roundID: id, title: form["title"], organizationID: unit, quota: quota, as: caller)
            case "eligibility":
                var rules: [EligibilityRule] = []
                for kind in EligibilityKind.allCases where form.flag("rule_" + kind.rawValue) {
                    let text = form["value_" + kind.rawValue]
                    guard text.isEmpty || Double(text) != nil else {
                        throw VanguardError.invalid("“\(kind.name.zh)”的数值须为数字", "\(kind.name.en): a number", field: "value_" + kind.rawValue)
                    }
                    rules.append(.init(kind, Double(text)))
                }
                try await vanguard.commendations.setEligibility(roundID: id, title: form["title"], rules: rules, as: caller)
            case "nominate":
                let nominator = try form.id("nominator", "推荐单位")
                let member = try await form.member("member", "党员编号", in: vanguard, as: caller)
                let organization = try await form.organization("organization", "推荐的党组织", in: vanguard, as: caller)
                let n = try await vanguard.nominations.nominate(
                    roundID: id, title: form["title"], nominatorID: nominator, organizationID: organization, memberID: member, deeds: form["deeds"],
                    summary: form["summary"], as: caller)
                return redirect(WebURL.nomination(n.id))
            case "publish":
                try await vanguard.commendations.publish(roundID: id, as: caller)
            case "decide":
                try await vanguard.commendations.decide(roundID: id, number: form["number"], as: caller)
            default:
                throw VanguardError.notFound(.init("该页面", "Page"))
            }
            return redirect(WebURL.commendation(id))
        }
        router.post(WebRoute.objectionVerification.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.publicNotices.objectionRound(id, as: caller)  // not hers: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard let outcome = ObjectionOutcome(rawValue: form["outcome"]) else {
                throw VanguardError.invalid("请选择核实结果", "Choose the outcome", field: "outcome")
            }
            let roundID = try await vanguard.publicNotices.verify(objectionID: id, outcome: outcome, text: form["verification"], as: caller)
            return redirect(WebURL.commendation(roundID) + "#objections")
        }
        router.get(WebRoute.commendationDecision.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let desk = try await vanguard.commendations.desk(roundID: id, as: caller)
            let r = desk.round
            guard r.state == .decided, let day = r.decidedOn else { throw VanguardError.notFound(.init("该表彰决定", "Decision")) }
            let commended = desk.nominations.filter { $0.state == .commended || $0.state == .revoked }
            let groups = desk.titles.compactMap { title -> DecisionGroup? in
                let entries = commended.filter { $0.title == title.code }.map {
                    DecisionEntry(nominee: $0.nomineeName, organization: $0.memberID == nil ? "" : $0.organizationName)
                }
                return entries.isEmpty ? nil : DecisionGroup(title: title.name, entries: entries)
            }
            let names = groups.map(\.title).joined(separator: "、")
            let model = DecisionModel(
                frame: PageFrame(context, title: r.name, path: WebURL.commendationDecision(id), organization: r.organizationID),
                heading: "\(r.organizationName)关于表彰\(r.year)年度\(names)的决定", number: r.decisionNumber ?? "", committee: r.organizationName,
                date: ChineseDate.long(day),
                preamble: "经逐级推荐、审核遴选并向社会公示，\(r.organizationName)决定，授予以下\(commended.count)个集体和个人\(r.year)年度创先争优表彰称号。希望受表彰的先进集体和个人珍惜荣誉、再接再厉，充分发挥示范带动作用。",
                groups: groups,
                revoked: desk.nominations.filter { $0.state == .revoked }.map { DecisionEntry(nominee: $0.nomineeName, organization: $0.reason ?? "") })
            return views.render("decision", model)
        }
    }
}

/// 日期的中文写法: 2026年6月28日.
enum ChineseDate {
    static func long(_ d: CalendarDay) -> String { "\(d.year)年\(d.month)月\(d.day)日" }
}
