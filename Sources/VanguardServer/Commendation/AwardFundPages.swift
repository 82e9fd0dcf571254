import Foundation
import Hummingbird
import VanguardCore
import VanguardSheets
import VanguardStore

/// 基石工程 on the web: a committee's fund of a year — sources with their balances, the ledger, the forms
/// that add a source, record money received and propose an award, the second officer's approval — and the
/// ledger as a spreadsheet.
struct AwardFundPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String }
    struct YearOption: Sendable { let year: Int; let selected: Bool }
    struct SourceView: Sendable {
        let id: Int64; let name: String; let kind: String; let received: String; let paid: String; let reclaimed: String; let balance: String
        let pending: String
    }
    struct EntryView: Sendable {
        let id: Int64; let day: String; let source: String; let kind: String; let nominee: String; let award: String; let amount: String; let state: String
        let proposedBy: String; let decidedBy: String?; let note: String; let decideAction: String?
    }
    struct Model: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let year: Int; let years: [YearOption]; let sources: [SourceView]
        let entries: [EntryView]; let manages: Bool; let sourceKinds: [Option]; let awardKinds: [Option]; let sourceOptions: [Option]
        let awardable: [Option]; let today: String; let actionBase: String; let exportURL: String; let totalBalance: String
    }

    static func yuan(_ n: Int) -> String { ChineseNumber.exact(n) }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.fund.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let today = vanguard.time.today()
            let year = request.uri.queryParameters["year"].flatMap { Int($0) }.flatMap { (2000...2100).contains($0) ? $0 : nil } ?? today.year
            let l = try await vanguard.awardFund.ledger(organizationID: id, year: year, as: caller)
            let model = Model(
                frame: PageFrame(context, title: l.organization.name + " · " + t["fund"], path: WebURL.fund(id, year: year), organization: id),
                organizationName: l.organization.name, organizationURL: WebURL.organization(id), year: year,
                years: (today.year - 4...today.year).reversed().map { YearOption(year: $0, selected: $0 == year) },
                sources: l.sources.map {
                    SourceView(
                        id: $0.id, name: $0.name, kind: $0.kind.name.text(english: e), received: Self.yuan($0.received), paid: Self.yuan($0.paid),
                        reclaimed: Self.yuan($0.reclaimed), balance: Self.yuan($0.balance), pending: Self.yuan($0.pending))
                },
                entries: l.entries.reversed().map { x in
                    EntryView(
                        id: x.id, day: x.day.description, source: x.sourceName, kind: x.kind.name.text(english: e),
                        nominee: [x.nomineeName, x.titleName.map { "（\($0)）" }].compactMap { $0 }.joined(), award: x.awardKind?.name.text(english: e) ?? "",
                        amount: (x.kind == .payment ? "−" : "+") + Self.yuan(x.amount), state: x.state.name.text(english: e), proposedBy: x.proposedBy,
                        decidedBy: x.decidedBy, note: x.note,
                        decideAction: l.manages && x.state == .pending && x.proposedBy != caller.username ? WebURL.fundEntryDecision(x.id) : nil)
                }, manages: l.manages,
                sourceKinds: FundSourceKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e)) },
                awardKinds: AwardKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e)) },
                sourceOptions: l.sources.map { Option(value: String($0.id), label: "\($0.name)（余额\(Self.yuan($0.balance - $0.pending))）") },
                awardable: l.awardable.map { Option(value: String($0.id), label: "\($0.nomineeName)（\($0.titleName)）") }, today: today.description,
                actionBase: WebURL.fund(id), exportURL: WebURL.fundExport(id, year: year), totalBalance: Self.yuan(l.sources.reduce(0) { $0 + $1.balance }))
            return views.render("fund", model)
        }
        router.get(WebRoute.fundExport.path) { request, context in
            let caller = try context.requireCaller()
            let year = request.uri.queryParameters["year"].flatMap { Int($0) } ?? vanguard.time.today().year
            let format = SheetFormat(rawValue: request.uri.queryParameters["format"].map(String.init) ?? "xlsx") ?? .xlsx
            return try Download.response(try await vanguard.awardFund.export(organizationID: try context.id(), year: year, format: format, as: caller))
        }
        router.post(WebRoute.fundAct.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let today = vanguard.time.today()
            let ledger = try await vanguard.awardFund.ledger(organizationID: id, year: today.year, as: caller)  // out of sight: 404 before the form is read
            guard ledger.manages else { throw VanguardError(.forbidden, .init("没有管理奖励基金的权限", "You may not keep this fund")) }
            let form = try await WebForm.read(request, context: context)
            let amount = { () throws -> Int in
                guard let n = Int(form["amount"]) else { throw VanguardError.invalid("金额须为整数（元）", "The amount is whole yuan", field: "amount") }
                return n
            }
            var year = today.year
            switch context.parameters.get("action") ?? "" {
            case "source":
                guard let kind = FundSourceKind(rawValue: form["kind"]) else { throw VanguardError.invalid("请选择资金来源类别", "Choose the kind", field: "kind") }
                guard let y = Int(form["year"]) else { throw VanguardError.invalid("年度须为数字", "The year is a number", field: "year") }
                year = y
                _ = try await vanguard.awardFund.addSource(organizationID: id, year: y, kind: kind, name: form["name"], as: caller)
            case "income":
                _ = try await vanguard.awardFund.receive(
                    sourceID: try form.id("source", "资金来源"), amount: try amount(), on: try form.day("day", "到账日期"), note: form["note"], as: caller)
            case "payment":
                guard let award = AwardKind(rawValue: form["award"]) else { throw VanguardError.invalid("请选择奖励方式", "Choose the award", field: "award") }
                _ = try await vanguard.awardFund.proposePayment(
                    sourceID: try form.id("source", "资金来源"), nominationID: try form.id("nomination", "奖励对象"), award: award, amount: try amount(),
                    note: form["note"], as: caller)
            default: throw VanguardError.notFound(.init("该页面", "Page"))
            }
            return redirect(WebURL.fund(id, year: year))
        }
        router.post(WebRoute.fundEntryDecision.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let organizationID = try await vanguard.awardFund.entryOrganization(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard ["approve", "reject"].contains(form["decision"]) else {
                throw VanguardError.invalid("请选择批准或不批准", "Choose approve or reject", field: "decision")
            }
            try await vanguard.awardFund.decide(entryID: id, approve: form["decision"] == "approve", as: caller)
            return redirect(WebURL.fund(organizationID))
        }
    }
}
