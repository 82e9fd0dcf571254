import Hummingbird
import VanguardCore
import VanguardStore

/// 评价办法 for the campaign office: a campaign's determination weights and thresholds, point rules and
/// star levels.
struct EvaluationRulesPage {
    let vanguard: Vanguard
    let views: Views

    struct Field: Sendable { let name: String; let label: String; let value: String }
    struct RuleField: Sendable { let event: String; let label: String; let points: String; let cap: String }
    struct SettingsModel: Sendable {
        let frame: PageFrame; let campaignID: Int64; let actionURL: String; let campaignName: String; let determination: [Field]; let rules: [RuleField]
        let memberStars: String; let organizationStars: String; let canEdit: Bool
        let visitIntervals: [Interval]
    }
    struct Interval: Sendable { let months: Int; let label: String; let selected: Bool }

    static func number(_ d: Double) -> String { d == d.rounded() ? String(Int(d)) : String(d) }

    static func isOffice(_ caller: Caller) -> Bool { caller.isSystem || caller.scope.grants.contains { $0.role == .campaignOffice } }

    /// Star thresholds as a clerk types them: "60, 70，80 90".
    static func thresholds(_ text: String, field: String) throws -> [Double] {
        try text.split(whereSeparator: { $0 == "," || $0 == "，" || $0 == " " || $0 == "、" }).map {
            guard let d = Double($0) else { throw VanguardError.invalid("星级分数线须为数字，用逗号隔开", "Star thresholds are numbers separated by commas", field: field) }
            return d
        }
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.evaluationSettings.path) { _, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let (campaign, s) = try await vanguard.points.settings(campaignID: id)
            let d = s.determination
            let t = Strings.text(english: context.english)
            let rules = Dictionary(uniqueKeysWithValues: s.pointRules.map { ($0.event, $0) })
            return views.render(
                "evaluationsettings",
                SettingsModel(
                    frame: PageFrame(context, title: campaign.name + " · " + t["evaluationSettings"], path: WebURL.evaluationSettings(id)),
                    campaignID: id, actionURL: WebURL.evaluationSettings(id), campaignName: campaign.name,
                    determination: [
                        ("commentWeight", d.commentWeight), ("fulfilmentWeight", d.fulfilmentWeight), ("satisfactionWeight", d.satisfactionWeight),
                        ("excellentFrom", d.excellentFrom), ("qualifiedFrom", d.qualifiedFrom), ("basicallyQualifiedFrom", d.basicallyQualifiedFrom),
                    ].map { Field(name: $0.0, label: t["setting_" + $0.0], value: Self.number($0.1)) },
                    rules: PointEventKind.allCases.filter { $0 != .manual }.map { e in
                        RuleField(
                            event: e.rawValue, label: e.name.text(english: context.english), points: rules[e.rawValue].map { String($0.points) } ?? "",
                            cap: rules[e.rawValue]?.yearlyCap.map(String.init) ?? "")
                    }, memberStars: s.memberStars.map(Self.number).joined(separator: ", "),
                    organizationStars: s.organizationStars.map(Self.number).joined(separator: ", "), canEdit: Self.isOffice(caller),
                    visitIntervals: ContactVisitRules.intervals.map {
                        Interval(months: $0, label: t["visitEvery\($0)"], selected: $0 == s.visitIntervalMonths)
                    }))
        }
        router.post(WebRoute.evaluationSettings.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            func number(_ name: String) throws -> Double {
                guard let d = Double(form[name]) else {
                    throw VanguardError.invalid("“\(Strings.zh["setting_" + name] ?? name)”须为数字", "\(name) must be a number", field: name)
                }
                return d
            }
            var rules: [PointRule] = []
            for e in PointEventKind.allCases where e != .manual {
                let points = form["points." + e.rawValue]
                guard !points.isEmpty else { continue }
                guard let p = Int(points) else { throw VanguardError.invalid("“\(e.name.zh)”的分值须为整数", "Points must be whole", field: e.rawValue) }
                let cap = form["cap." + e.rawValue]
                guard cap.isEmpty || Int(cap) != nil else { throw VanguardError.invalid("“\(e.name.zh)”的年度上限须为整数", "A cap must be whole", field: e.rawValue) }
                rules.append(PointRule(event: e.rawValue, points: p, yearlyCap: Int(cap)))
            }
            let settings = EvaluationSettings(
                determination: .init(
                    commentWeight: try number("commentWeight"), fulfilmentWeight: try number("fulfilmentWeight"),
                    satisfactionWeight: try number("satisfactionWeight"),
                    excellentFrom: try number("excellentFrom"), qualifiedFrom: try number("qualifiedFrom"),
                    basicallyQualifiedFrom: try number("basicallyQualifiedFrom")),
                pointRules: rules, memberStars: try Self.thresholds(form["memberStars"], field: "memberStars"),
                organizationStars: try Self.thresholds(form["organizationStars"], field: "organizationStars"),
                visitIntervalMonths: form["visitIntervalMonths"].isEmpty ? 3 : Int(form["visitIntervalMonths"]) ?? 0)
            try await vanguard.points.saveSettings(campaignID: id, settings, as: caller)
            return redirect(WebURL.evaluationSettings(id))
        }
    }
}
