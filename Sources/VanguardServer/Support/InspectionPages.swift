import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 巡回检查 on the web: a quarter's groups and plans (the office forms groups and plans them; a group's
/// member sees what is hers to inspect), one planned inspection's page where the group records it, and the
/// quarter's report as Excel.
struct InspectionPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct PlanRow: Sendable {
        let url: String; let group: String; let unit: String; let inspectedOn: String; let score: String; let grade: String; let opened: Int
        let checkedOff: Int; let overdue: Int; let done: Bool; let mine: Bool
    }
    struct GroupView: Sendable { let id: Int64; let name: String; let members: String }
    struct BoardModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let quarter: String; let quarterName: String
        let quarters: [Option]; let action: String; let groups: [GroupView]; let rows: [PlanRow]; let total: Int; let todoOnly: Bool
        let mayManage: Bool; let groupOptions: [Option]; let planURL: String; let groupURL: String; let reportURL: String
    }
    struct CheckView: Sendable { let code: String; let title: String; let result: String; let options: [Option] }
    struct ItemView: Sendable { let url: String; let problem: String; let deadline: String; let state: String; let late: Bool; let unit: String }
    struct DeskModel: Sendable {
        let frame: PageFrame; let boardURL: String; let group: String; let unit: String; let unitURL: String; let quarter: String; let recorded: Bool
        let inspectedOn: String; let score: String; let grade: String; let findings: String; let recordedBy: String; let checks: [CheckView]
        let items: [ItemView]; let stillOpen: [ItemView]; let mayRecord: Bool; let today: String; let action: String; let problemRows: [Int]
    }

    /// The quarter asked for (this one when none is): nil when it is not one, refused by the service
    /// after the caller's right to look.
    static func quarter(_ request: Request, today: CalendarDay) -> Quarter? {
        guard let text = request.uri.queryParameters["quarter"].map(String.init), !text.isEmpty else { return Quarter.containing(today) }
        return Quarter(text)
    }

    func item(_ i: RectificationItemRecord, english: Bool, today: CalendarDay) -> ItemView {
        ItemView(
            url: WebURL.rectification(i.id), problem: i.problem, deadline: i.deadline.description, state: i.state.name.text(english: english),
            late: RectificationRules.isOverdue(state: i.state, deadline: i.deadline, today: today), unit: i.unitName)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.inspections.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let today = vanguard.time.today()
            let asked = Self.quarter(request, today: today)
            let todoOnly = request.uri.queryParameters["todo"].map { $0 == "1" } ?? false
            let b = try await vanguard.inspections.board(organizationID: id, quarter: asked, as: caller)
            let quarter = b.quarter
            let names = Dictionary(uniqueKeysWithValues: b.groups.map { ($0.id, $0.name) })
            let plans = b.plans.filter { !todoOnly || (b.myGroups.contains($0.groupID) && $0.inspection == nil) }
            let recent = (0..<6).reduce(into: [Quarter.containing(today)]) { list, _ in list.append(list.last!.previous) }
            let model = BoardModel(
                frame: PageFrame(
                    context, title: b.organization.name + " · " + t["inspections"], path: WebURL.inspections(id, quarter: quarter), organization: id),
                organizationName: b.organization.name, organizationURL: WebURL.organization(id), quarter: quarter.description,
                quarterName: quarter.name.text(english: e),
                quarters: recent.map { Option(value: $0.description, label: $0.name.text(english: e), selected: $0 == quarter) },
                action: WebURL.inspections(id),
                groups: b.groups.map { g in GroupView(id: g.id, name: g.name, members: g.members.map(\.displayName).joined(separator: "、")) },
                rows: plans.map { p in
                    let c = b.counts[p.id] ?? (0, 0, 0)
                    return PlanRow(
                        url: WebURL.inspection(p.id), group: names[p.groupID] ?? "", unit: p.organizationName,
                        inspectedOn: p.inspection?.inspectedOn.description ?? t["inNotYet"], score: p.inspection.map { String($0.score) } ?? "",
                        grade: p.inspection.map { InspectionRules.grade($0.score).text(english: e) } ?? "", opened: c.opened, checkedOff: c.checkedOff,
                        overdue: c.overdue, done: p.inspection != nil, mine: b.myGroups.contains(p.groupID))
                }, total: plans.count, todoOnly: todoOnly, mayManage: b.mayManage,
                groupOptions: b.groups.map { Option(value: String($0.id), label: $0.name, selected: false) }, planURL: WebURL.inspectionPlan(id),
                groupURL: WebURL.inspections(id), reportURL: WebURL.inspectionReport(id, quarter: quarter))
            return views.render("inspections", model)
        }
        router.post(WebRoute.inspections.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.organizations.get(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            let usernames = form["members"].split(whereSeparator: { " ,，、\n\r\t".contains($0) }).map(String.init)
            _ = try await vanguard.inspections.createGroup(organizationID: id, name: form["name"], usernames: usernames, as: caller)
            return redirect(WebURL.inspections(id))
        }
        router.post(WebRoute.inspectionPlan.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.organizations.get(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            let quarter = Quarter(form["quarter"])  // refused by the service after the caller's right to plan
            var units: [Int64] = []
            let names = form["organizations"].split(whereSeparator: { ",，、\n\r".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            // Bounded before any lookup: a plan names at most 200 units.
            guard names.count <= 200 else { throw VanguardError.invalid("请选择1至200个被检查单位", "Choose 1 to 200 units", field: "organizations") }
            for name in names {
                units.append(try await vanguard.organizations.find(codeOrName: name, as: caller).id)
            }
            _ = try await vanguard.inspections.plan(groupID: try form.id("group", "检查组"), quarter: quarter, organizationIDs: units, as: caller)
            return redirect(WebURL.inspections(id, quarter: quarter ?? Quarter.containing(vanguard.time.today())))
        }
        router.get(WebRoute.inspectionReport.path) { request, context in
            let caller = try context.requireCaller()
            let quarter = Self.quarter(request, today: vanguard.time.today())
            let format = SheetFormat(rawValue: request.uri.queryParameters["format"].map(String.init) ?? "xlsx") ?? .xlsx
            return try Download.response(try await vanguard.inspections.report(organizationID: try context.id(), quarter: quarter, format: format, as: caller))
        }
        router.get(WebRoute.inspection.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let d = try await vanguard.inspections.desk(planID: try context.id(), as: caller)
            let today = vanguard.time.today()
            let p = d.plan
            let model = DeskModel(
                frame: PageFrame(context, title: p.organizationName + " · " + t["inspections"], path: WebURL.inspection(p.id)),
                boardURL: WebURL.inspections(p.groupOrganizationID, quarter: p.quarter), group: p.groupName, unit: p.organizationName,
                unitURL: WebURL.organization(p.organizationID), quarter: p.quarter.name.text(english: e), recorded: p.inspection != nil,
                inspectedOn: p.inspection?.inspectedOn.description ?? "", score: p.inspection.map { String($0.score) } ?? "",
                grade: p.inspection.map { InspectionRules.grade($0.score).text(english: e) } ?? "", findings: p.inspection?.findings ?? "",
                recordedBy: p.inspection?.recordedBy ?? "",
                checks: d.checks.map { c in
                    CheckView(
                        code: c.code, title: c.title, result: p.inspection?.results[c.code]?.name.text(english: e) ?? "",
                        options: InspectionResult.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e), selected: $0 == .pass) })
                },
                items: d.items.map { item($0, english: e, today: today) }, stillOpen: d.stillOpen.map { item($0, english: e, today: today) },
                mayRecord: d.mayRecord, today: min(today, p.quarter.lastDay).description, action: WebURL.inspection(p.id), problemRows: [1, 2, 3])
            return views.render("inspection", model)
        }
        router.post(WebRoute.inspection.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.inspections.desk(planID: id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            var results: [String: InspectionResult] = [:]
            for (key, value) in form.fields where key.hasPrefix("check.") {
                guard let r = InspectionResult(rawValue: value) else { throw VanguardError.invalid("检查结果不正确", "Bad result", field: key) }
                results[String(key.dropFirst("check.".count))] = r
            }
            guard let score = Int(form["score"]) else { throw VanguardError.invalid("得分须为0到100的整数", "The score is a whole number 0–100", field: "score") }
            var problems: [VisitProblem] = []
            for n in 1...3 where !form["problem\(n)"].isEmpty {
                problems.append(
                    VisitProblem(
                        problem: form["problem\(n)"], measure: form["measure\(n)"], responsible: form["responsible\(n)"],
                        deadline: try form.day("deadline\(n)", "整改时限")))
            }
            _ = try await vanguard.inspections.record(
                planID: id, inspectedOn: try form.day("inspectedOn", "检查日期"), results: results, findings: form["findings"], score: score,
                problems: problems, as: caller)
            return redirect(WebURL.inspection(id))
        }
    }
}
