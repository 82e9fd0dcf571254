import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 示范点 and 城乡结对共建 on the web: an organization's demonstration-point page (its title or proposal,
/// the evidence beside it, the form that proposes with the criteria met, the decision form for the level
/// above, and the subtree's proposals for private readers); and a subtree's urban–rural pairings with
/// the forms that pair, record help and end.
struct DemonstrationPages {
    let vanguard: Vanguard
    let views: Views

    struct RecordView: Sendable {
        let id: Int64; let organization: String; let url: String; let state: String; let approved: Bool; let leader: String; let criteria: [String]
        let note: String; let proposedOn: String; let proposedBy: String; let decidedOn: String; let decidedBy: String; let decisionNote: String
    }
    struct Criterion: Sendable { let code: String; let title: String }
    struct EvidenceView: Sendable { let satisfaction: String; let commitments: String; let visits: Int; let openItems: Int }
    struct DemonstrationModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let records: [RecordView]; let criteria: [Criterion]
        let evidence: EvidenceView?
        let proposeAction: String?; let decideAction: String?; let subtree: [RecordView]; let subtreeTotal: Int; let readsSubtree: Bool
    }
    struct HelperView: Sendable { let name: String; let url: String; let since: String }
    struct HelpView: Sendable { let day: String; let kind: String; let content: String; let amount: String }
    struct PairingView: Sendable {
        let id: Int64; let rural: String; let ruralURL: String; let helpers: [HelperView]; let active: Bool; let started: String; let ended: String
        let help: [HelpView]; let helpAction: String; let endAction: String
    }
    struct Option: Sendable { let value: String; let label: String }
    struct UrbanRuralModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let pairings: [PairingView]; let pairAction: String?
        let helpKinds: [Option]; let today: String; let backID: Int64
    }

    static func record(_ r: DemonstrationRecord, criteria: [DemonstrationCriterion], english: Bool) -> RecordView {
        RecordView(
            id: r.id, organization: r.organizationName, url: WebURL.demonstration(r.organizationID), state: r.state.name.text(english: english),
            approved: r.state == .approved, leader: r.leaderName ?? "",
            criteria: r.criteria.map { code in criteria.first { $0.code == code }?.title ?? code }, note: r.note,
            proposedOn: r.proposedOn.description, proposedBy: r.proposedBy, decidedOn: r.decidedOn?.description ?? "", decidedBy: r.decidedBy ?? "",
            decisionNote: r.decisionNote ?? "")
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.demonstration.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let desk = try await vanguard.demonstrations.desk(organizationID: id, as: caller)
            let org = desk.organization
            let subtree = desk.subtree
            let model = DemonstrationModel(
                frame: PageFrame(context, title: org.name + " · " + t["demonstration"], path: WebURL.demonstration(id), organization: id),
                organizationName: org.name, organizationURL: WebURL.organization(id),
                records: desk.records.map { Self.record($0, criteria: desk.criteria, english: e) },
                criteria: desk.criteria.map { Criterion(code: $0.code, title: $0.title) },
                evidence: desk.evidence.map {
                    EvidenceView(
                        satisfaction: ChineseNumber.percent($0.satisfaction), commitments: "\($0.fulfilled) / \($0.commitments)", visits: $0.visitsThisYear,
                        openItems: $0.openItems)
                },
                proposeAction: desk.mayPropose ? WebURL.demonstration(id) : nil, decideAction: desk.decidable.map(WebURL.demonstrationDecision),
                subtree: (subtree?.rows ?? []).filter { $0.organizationID != id }.map { Self.record($0, criteria: desk.criteria, english: e) },
                subtreeTotal: subtree?.total ?? 0, readsSubtree: subtree != nil)
            return views.render("demonstration", model)
        }
        router.post(WebRoute.demonstration.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.organizations.get(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            _ = try await vanguard.demonstrations.propose(organizationID: id, leaderID: nil, criteria: form.values("criteria"), note: form["note"], as: caller)
            return redirect(WebURL.demonstration(id))
        }
        router.post(WebRoute.demonstrationDecision.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await vanguard.demonstrations.record(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard ["approve", "reject"].contains(form["decision"]) else {
                throw VanguardError.invalid("请选择命名或不予命名", "Choose approve or reject", field: "decision")
            }
            let r = try await vanguard.demonstrations.decide(id, approve: form["decision"] == "approve", note: form["note"], as: caller)
            return redirect(WebURL.demonstration(r.organizationID))
        }
        router.get(WebRoute.urbanRural.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let board = try await vanguard.urbanRural.board(organizationID: id, as: caller)
            let model = UrbanRuralModel(
                frame: PageFrame(context, title: board.organization.name + " · " + t["urbanRural"], path: WebURL.urbanRural(id), organization: id),
                organizationName: board.organization.name, organizationURL: WebURL.organization(id),
                pairings: board.pairings.map { p in
                    PairingView(
                        id: p.id, rural: p.organizationName, ruralURL: WebURL.organization(p.organizationID),
                        helpers: p.helpers.map {
                            HelperView(name: $0.name, url: $0.organizationID.map(WebURL.organization) ?? "", since: $0.addedOn.description)
                        },
                        active: p.active, started: p.startedOn.description,
                        ended: p.endedOn.map { "\($0)" + (p.endNote.map { "：" + $0 } ?? "") } ?? "",
                        help: (board.help[p.id] ?? []).map {
                            HelpView(
                                day: $0.heldOn.description, kind: $0.kind.name.text(english: e), content: $0.content,
                                amount: $0.amount.map { ChineseNumber.exact($0) + (e ? " yuan" : "元") } ?? "")
                        }, helpAction: WebURL.pairingAct(p.id, "help"), endAction: WebURL.pairingAct(p.id, "end"))
                }, pairAction: board.mayPair ? WebURL.urbanRural(id) : nil,
                helpKinds: HelpKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e)) }, today: vanguard.time.today().description,
                backID: id)
            return views.render("urbanrural", model)
        }
        router.post(WebRoute.urbanRural.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            // What is seen first: an organization out of sight answers 404, one the caller may not pair under 403,
            // before its form is read.
            let org = try await vanguard.organizations.get(id, as: caller)
            try caller.require(.manageOrganizations, at: org.path, what: .init("该组织", "Organization"))
            let form = try await WebForm.read(request, context: context)
            guard let rural = try await form.organization("rural", "农村党组织", in: vanguard, as: caller) else {
                throw VanguardError.invalid("请选择农村党组织", "Choose the rural organization", field: "rural")
            }
            guard let city = try await form.organization("city", "城市党组织", in: vanguard, as: caller) else {
                throw VanguardError.invalid("请选择城市党组织", "Choose the city organization", field: "city")
            }
            _ = try await vanguard.urbanRural.pair(ruralID: rural, cityID: city, within: id, as: caller)
            return redirect(WebURL.urbanRural(id))
        }
        router.post(WebRoute.pairingAct.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let action = context.parameters.get("action") ?? ""
            let pairing = try await vanguard.urbanRural.pairing(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            switch action {
            case "help":
                guard let kind = HelpKind(rawValue: form["kind"]) else { throw VanguardError.invalid("请选择帮扶方式", "Choose the kind of help", field: "kind") }
                let amount = form["amount"].trimmingCharacters(in: .whitespaces)
                guard amount.isEmpty || Int(amount) != nil else {
                    throw VanguardError.invalid("金额须是整数（元）", "The amount must be whole yuan", field: "amount")
                }
                try await vanguard.urbanRural.help(
                    pairingID: id, kind: kind, heldOn: try form.day("heldOn", "日期"), content: form["content"], amount: Int(amount), as: caller)
            case "end":
                try await vanguard.urbanRural.end(pairingID: id, note: form["note"], as: caller)
            default:
                throw VanguardError.notFound(.init("该页面", "Page"))
            }
            // Back to the pairings page it was sent from (an organization's id, nothing else).
            return redirect(WebURL.urbanRural(Int64(form["back"]) ?? pairing.organizationID))
        }
    }
}
