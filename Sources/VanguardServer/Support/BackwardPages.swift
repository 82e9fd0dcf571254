import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 后进帮扶 on the web: a subtree's designations with the forms that designate, and one unit's page —
/// its pairing, its 帮扶整改台账 (items and help records, printable for 盘点) and its lifting.
struct BackwardPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct Row: Sendable {
        let url: String; let unit: String; let kind: String; let reasons: String; let designatedBy: String; let designatedOn: String; let state: String
        let lifted: Bool
        /// Shown because the caller's side helps, not because it lies in this subtree.
        let helping: Bool
    }
    struct BoardModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let action: String; let rows: [Row]
        let kinds: [Option]; let states: [Option]; let orgReasons: [Option]; let memberReasons: [Option]
        let mayDesignateOrganizations: Bool; let mayDesignateMembers: Bool; let rectificationsURL: String
    }
    struct HelperView: Sendable { let name: String; let addedOn: String }
    struct ItemView: Sendable {
        let url: String; let problem: String; let measure: String; let responsible: String; let deadline: String; let state: String; let late: Bool
        let checkedOffOn: String?
    }
    struct HelpView: Sendable { let heldOn: String; let kind: String; let content: String; let amount: String; let recordedBy: String }
    struct UnitModel: Sendable {
        let frame: PageFrame; let unit: String; let kind: String; let boardURL: String; let designatedBy: String; let designatedOn: String; let year: Int
        let reasons: String; let note: String?; let state: String; let lifted: Bool; let liftedOn: String; let acceptance: String; let threshold: String?
        let satisfaction: String
        let paired: Bool; let pairingActive: Bool; let pairingKind: String; let helpers: [HelperView]; let pairingEnded: String
        let items: [ItemView]; let itemsDone: Int; let itemsTotal: Int; let help: [HelpView]; let helpKinds: [Option]
        let manages: Bool; let mayUnpair: Bool; let mayHelp: Bool; let mayOpenItems: Bool; let membersHelp: Bool; let today: String
        let pairURL: String; let helpURL: String; let itemURL: String; let liftURL: String; let unpairURL: String
    }

    static func reasonNames(_ codes: [String], _ known: [BackwardReason]) -> String {
        codes.map { c in known.first { $0.code == c }?.name ?? c }.joined(separator: "、")
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.backwardBoard.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let q = request.uri.queryParameters
            let kind = q["kind"].flatMap { BackwardKind(rawValue: String($0)) }
            let state = q["state"].flatMap { BackwardState(rawValue: String($0)) }
            let id = try context.id()
            let board = try await vanguard.backward.board(organizationID: id, kind: kind, state: state, as: caller)
            let org = board.organization
            func reasons(_ k: BackwardKind) -> [Option] {
                board.reasons.filter { $0.kind == k }.map { Option(value: $0.code, label: $0.name, selected: false) }
            }
            let model = BoardModel(
                frame: PageFrame(context, title: org.name + " · " + t["backward"], path: WebURL.backwardBoard(id), organization: id),
                organizationName: org.name, organizationURL: WebURL.organization(id), action: WebURL.backwardBoard(id),
                rows: board.designations.map { d in
                    Row(
                        url: WebURL.backward(d.id), unit: d.unitName, kind: d.kind.name.text(english: e), reasons: Self.reasonNames(d.reasons, board.reasons),
                        designatedBy: d.designatedByName, designatedOn: d.designatedOn.description, state: d.state.name(d.kind).text(english: e),
                        lifted: d.state == .lifted, helping: !org.path.contains(d.organizationPath) && !org.path.contains(d.designatedByPath))
                },
                kinds: [Option(value: "", label: t["all"], selected: kind == nil)]
                    + BackwardKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e), selected: $0 == kind) },
                states: [Option(value: "", label: t["all"], selected: state == nil)]
                    + BackwardState.allCases.map { Option(value: $0.rawValue, label: $0.name(kind ?? .organization).text(english: e), selected: $0 == state) },
                orgReasons: reasons(.organization), memberReasons: reasons(.member), mayDesignateOrganizations: board.mayDesignate.organizations,
                mayDesignateMembers: board.mayDesignate.members, rectificationsURL: WebURL.rectifications(id))
            return views.render("backward", model)
        }
        router.post(WebRoute.backwardBoard.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.organizations.get(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            let unit: BackwardUnit
            switch form["kind"] {
            case BackwardKind.member.rawValue:
                guard let m = try await form.member("member", "后进党员", in: vanguard, as: caller) else {
                    throw VanguardError.invalid("请填写后进党员的党员编号", "Name the member", field: "member")
                }
                unit = .member(m)
            default:
                guard let o = try await form.organization("organization", "后进党组织", in: vanguard, as: caller) else {
                    throw VanguardError.invalid("请填写后进党组织", "Name the organization", field: "organization")
                }
                unit = .organization(o)
            }
            var threshold: Double?
            if !form["threshold"].isEmpty {
                guard let p = Double(form["threshold"]), p > 0, p <= 100 else {
                    throw VanguardError.invalid("满意率要求须为1至100之间的数", "The threshold is a percentage from 1 to 100", field: "threshold")
                }
                threshold = p / 100
            }
            let d = try await vanguard.backward.designate(
                unit, by: id, reasons: form.values("reasons"), note: form["note"], threshold: threshold, as: caller)
            return redirect(WebURL.backward(d.id))
        }
        router.get(WebRoute.backwardUnit.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let detail = try await vanguard.backward.detail(id, as: caller)
            let d = detail.designation
            let today = vanguard.time.today()
            let p = detail.policy
            let open = d.state == .designated
            let model = UnitModel(
                frame: PageFrame(context, title: d.unitName + " · " + t["bwLedger"], path: WebURL.backward(id)), unit: d.unitName,
                kind: d.kind.name.text(english: e), boardURL: WebURL.backwardBoard(d.designatedByID), designatedBy: d.designatedByName,
                designatedOn: d.designatedOn.description, year: d.year, reasons: Self.reasonNames(d.reasons, detail.reasons),
                note: d.note.isEmpty ? nil : d.note,
                state: d.state.name(d.kind).text(english: e), lifted: !open, liftedOn: d.liftedOn?.description ?? "", acceptance: d.acceptance ?? "",
                threshold: d.threshold.map { ChineseNumber.percent($0) }, satisfaction: detail.satisfaction.map { ChineseNumber.percent($0) } ?? "—",
                paired: detail.pairing != nil, pairingActive: detail.pairing?.active ?? false,
                pairingKind: (detail.pairing?.kind ?? d.kind.pairing).name.text(english: e),
                helpers: detail.pairing?.helpers.map { HelperView(name: $0.name, addedOn: $0.addedOn.description) } ?? [],
                pairingEnded: detail.pairing?.endedOn?.description ?? "",
                items: detail.items.map { i in
                    ItemView(
                        url: WebURL.rectification(i.id), problem: i.problem, measure: i.measure, responsible: i.responsible, deadline: i.deadline.description,
                        state: i.state.name.text(english: e), late: RectificationRules.isOverdue(state: i.state, deadline: i.deadline, today: today),
                        checkedOffOn: i.checkedOffOn?.description)
                },
                itemsDone: detail.items.filter { $0.state == .checkedOff }.count, itemsTotal: detail.items.count,
                help: detail.help.map {
                    HelpView(
                        heldOn: $0.heldOn.description, kind: $0.kind.name.text(english: e), content: $0.content,
                        amount: $0.amount.map { ChineseNumber.exact($0) } ?? "", recordedBy: $0.recordedBy)
                },
                helpKinds: HelpKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e), selected: false) },
                manages: p.manages && open, mayUnpair: p.manages && (detail.pairing?.active ?? false), mayHelp: p.mayRecordHelp && detail.pairing != nil,
                mayOpenItems: p.mayOpenItems && open,
                membersHelp: d.kind == .member, today: today.description, pairURL: WebURL.backwardAct(id, "pair"),
                helpURL: WebURL.backwardAct(id, "help"), itemURL: WebURL.backwardAct(id, "item"), liftURL: WebURL.backwardAct(id, "lift"),
                unpairURL: WebURL.backwardAct(id, "unpair"))
            return views.render("backwardunit", model)
        }
        router.post(WebRoute.backwardAct.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.backward.detail(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            switch context.parameters.get("action") ?? "" {
            case "pair":
                if let m = try await form.member("helperMember", "帮扶党员", in: vanguard, as: caller) {
                    try await vanguard.backward.pair(id, helper: .member(m), as: caller)
                } else if let o = try await form.organization("helperOrganization", "帮扶党组织", in: vanguard, as: caller) {
                    try await vanguard.backward.pair(id, helper: .organization(o), as: caller)
                } else {
                    throw VanguardError.invalid("请填写帮扶方", "Name the helper", field: "helperOrganization")
                }
            case "help":
                guard let kind = HelpKind(rawValue: form["kind"]) else { throw VanguardError.invalid("请选择帮扶方式", "Choose the kind", field: "kind") }
                var amount: Int?
                if !form["amount"].isEmpty {
                    guard let a = Int(form["amount"]) else { throw VanguardError.invalid("金额须为整数（元）", "The amount is whole yuan", field: "amount") }
                    amount = a
                }
                try await vanguard.backward.help(
                    id, kind: kind, heldOn: try form.day("heldOn", "日期"), content: form["content"], amount: amount, as: caller)
            case "item":
                _ = try await vanguard.backward.addItem(
                    id, problem: form["problem"], measure: form["measure"], responsible: form["responsible"],
                    deadline: try form.day("deadline", "整改时限"), as: caller)
            case "lift":
                try await vanguard.backward.lift(id, acceptance: form["acceptance"], as: caller)
            case "unpair":
                try await vanguard.backward.endPairing(id, note: form["note"], as: caller)
            default:
                throw VanguardError.notFound(.init("该页面", "Page"))
            }
            return redirect(WebURL.backward(id))
        }
    }
}
