import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 整改事项 on the web: a subtree's ledger (its units' items, or those it checks off, by state) and one
/// item's page with its history and the steps the caller may take.
struct RectificationPages {
    let vanguard: Vanguard
    let views: Views

    struct Filter: Sendable { let label: String; let url: String; let current: Bool }
    struct Row: Sendable {
        let url: String; let source: String; let unit: String; let problem: String; let responsible: String; let deadline: String; let state: String
        let late: Bool; let confirmer: String
    }
    struct LedgerModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let filters: [Filter]; let sides: [Filter]; let rows: [Row]
        let total: String; let shown: Int; let more: Bool
    }
    struct EntryView: Sendable { let on: String; let action: String; let text: String?; let actor: String }
    struct Step: Sendable { let action: String; let label: String; let tone: String; let confirm: String? }
    struct ItemModel: Sendable {
        let frame: PageFrame; let problem: String; let measure: String; let responsible: String; let deadline: String; let state: String; let late: Bool
        let source: String; let sourceURL: String?; let unit: String; let confirmer: String; let openedOn: String; let checkedOffOn: String?
        let entries: [EntryView]; let steps: [Step]; let postURL: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.rectificationLedger.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let q = request.uri.queryParameters
            let filter = q["state"].flatMap { RectificationFilter(rawValue: String($0)) } ?? .all
            let confirming = q["confirming"].map { ["1", "on", "true"].contains(String($0)) } ?? false
            let id = try context.id()
            let ledger = try await vanguard.rectifications.ledger(organizationID: id, filter: filter, confirming: confirming, as: caller)
            let today = vanguard.time.today()
            let names: [(RectificationFilter, String)] = [
                (.all, t["all"]), (.open, RectificationState.open.name.text(english: e)), (.reported, RectificationState.reported.name.text(english: e)),
                (.overdue, t["rcOverdueFilter"]), (.checkedOff, RectificationState.checkedOff.name.text(english: e)),
            ]
            let model = LedgerModel(
                frame: PageFrame(
                    context, title: ledger.organization.name + " · " + t["rectifications"],
                    path: WebURL.rectifications(id, filter: filter, confirming: confirming),
                    organization: id),
                organizationName: ledger.organization.name, organizationURL: WebURL.organization(id),
                filters: names.map { Filter(label: $0.1, url: WebURL.rectifications(id, filter: $0.0, confirming: confirming), current: $0.0 == filter) },
                sides: [(false, t["rcOfUnits"]), (true, t["rcConfirming"])].map {
                    Filter(label: $0.1, url: WebURL.rectifications(id, filter: filter, confirming: $0.0), current: $0.0 == confirming)
                },
                rows: ledger.items.map { i in
                    Row(
                        url: WebURL.rectification(i.id), source: i.source.name.text(english: e), unit: i.unitName, problem: i.problem,
                        responsible: i.responsible,
                        deadline: i.deadline.description, state: i.state.name.text(english: e),
                        late: RectificationRules.isOverdue(state: i.state, deadline: i.deadline, today: today), confirmer: i.confirmerName)
                }, total: ChineseNumber.exact(ledger.total), shown: ledger.items.count, more: ledger.total > ledger.items.count)
            return views.render("rectifications", model)
        }
        router.get(WebRoute.rectification.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let id = try context.id()
            let detail = try await vanguard.rectifications.detail(id, as: caller)
            let i = detail.item
            let today = vanguard.time.today()
            let t = Strings.text(english: e)
            let steps: [Step] = RectificationAction.allCases.filter { detail.policy.allows($0, state: i.state, caller: caller.username) }.map { a in
                Step(
                    action: a.rawValue, label: a.name.text(english: e),
                    tone: a == .checkOff || a == .request ? "primary" : "secondary",
                    confirm: a == .checkOff ? t["rcCheckOffConfirm"] : nil)
            }
            let model = ItemModel(
                frame: PageFrame(context, title: t["rectifications"] + " · " + String(i.problem.prefix(30)), path: WebURL.rectification(id)),
                problem: i.problem, measure: i.measure, responsible: i.responsible, deadline: i.deadline.description, state: i.state.name.text(english: e),
                late: RectificationRules.isOverdue(state: i.state, deadline: i.deadline, today: today), source: i.source.name.text(english: e),
                sourceURL: i.source == .backward
                    ? WebURL.backward(i.sourceID)
                    : i.source == .commendation
                        ? WebURL.nomination(i.sourceID) : detail.commitmentID.map(WebURL.commitment) ?? detail.inspectionPlanID.map(WebURL.inspection),
                unit: i.unitName, confirmer: i.confirmerName,
                openedOn: i.openedOn.description, checkedOffOn: i.checkedOffOn?.description,
                entries: detail.entries.map {
                    EntryView(on: $0.on.description, action: $0.action.name.text(english: e), text: $0.text.isEmpty ? nil : $0.text, actor: $0.actor)
                },
                steps: steps, postURL: WebURL.rectification(id))
            return views.render("rectification", model)
        }
        router.post(WebRoute.rectification.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.rectifications.detail(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard let action = RectificationAction(rawValue: form["action"]) else {
                throw VanguardError.invalid("未知的操作", "Unknown step", field: "action")
            }
            _ = try await vanguard.rectifications.act(id, action, text: form["text"], as: caller)
            return redirect(WebURL.rectification(id))
        }
    }
}
