import Hummingbird
import VanguardCore
import VanguardStore

/// 活动管理: the campaigns with their phases and "2+X" carriers; the campaign office sets up a new one.
struct CampaignPage {
    let vanguard: Vanguard
    let views: Views

    struct PhaseItem: Sendable { let name: String; let startsOn: String; let endsOn: String; let current: Bool }
    struct CampaignItem: Sendable {
        let id: Int64
        let settingsURL: String
        let name: String
        let theme: String
        let subTheme: String?
        let years: String
        let planDueOn: String?
        let phases: [PhaseItem]
        let carriers: [String]
    }
    struct PhaseField: Sendable { let kind: String; let name: String }
    struct Model: Sendable {
        let frame: PageFrame
        let campaigns: [CampaignItem]
        let canCreate: Bool
        let phaseFields: [PhaseField]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.campaigns.path) { _, context in
            let caller = try context.requireCaller()
            let english = context.english
            let today = vanguard.time.today()
            let campaigns = try await vanguard.campaigns.all().map { c in
                CampaignItem(
                    id: c.id, settingsURL: WebURL.evaluationSettings(c.id), name: c.name, theme: c.theme, subTheme: c.subTheme,
                    years: "\(c.startYear)—\(c.endYear)", planDueOn: c.planDueOn?.description,
                    phases: c.phases.map { p in
                        PhaseItem(
                            name: p.kind.name.text(english: english), startsOn: p.startsOn.description, endsOn: p.endsOn.description,
                            current: p.startsOn <= today && today <= p.endsOn)
                    },
                    carriers: c.carriers)
            }
            let model = Model(
                frame: PageFrame(context, title: Strings.text(english: english)["campaigns"], path: WebURL.campaigns), campaigns: campaigns,
                canCreate: caller.isSystem || caller.scope.grants.contains { $0.role == .campaignOffice },
                phaseFields: CampaignPhaseKind.allCases.map { PhaseField(kind: $0.rawValue, name: $0.name.text(english: english)) })
            return views.render("campaigns", model)
        }
        router.post(WebRoute.campaigns.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let start = Int(form["startYear"]), let end = Int(form["endYear"]) else {
                throw VanguardError.invalid("请填写开始和结束年份", "Enter the start and end years", field: "startYear")
            }
            var phases: [CampaignPhase] = []
            for kind in CampaignPhaseKind.allCases {
                let (from, to) = (form[kind.rawValue + "Start"], form[kind.rawValue + "End"])
                if from.isEmpty && to.isEmpty { continue }
                guard let s = CalendarDay(parsing: from), let e = CalendarDay(parsing: to) else {
                    throw VanguardError.invalid("“\(kind.name.zh)”阶段的日期不完整", "Phase '\(kind.name.en)' needs both dates", field: kind.rawValue)
                }
                phases.append(CampaignPhase(kind: kind, startsOn: s, endsOn: e))
            }
            let due = form["planDueOn"].isEmpty ? nil : CalendarDay(parsing: form["planDueOn"])
            if !form["planDueOn"].isEmpty && due == nil {
                throw VanguardError.invalid("实施方案报送截止日期格式不正确", "The plan due date is not a date", field: "planDueOn")
            }
            _ = try await vanguard.campaigns.create(
                name: form["name"], theme: form["theme"], subTheme: form["subTheme"].nilIfEmpty, startYear: start, endYear: end, planDueOn: due,
                phases: phases, carriers: form["carriers"].split(whereSeparator: \.isNewline).map(String.init), as: caller)
            return redirect(WebURL.campaigns)
        }
    }
}
