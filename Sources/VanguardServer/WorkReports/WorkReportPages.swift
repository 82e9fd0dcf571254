import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 报告报送 pages: an organization's desk and one report.
struct WorkReportPages {
    let vanguard: Vanguard
    let views: Views

    /// The multipart form of a report being written.
    struct Writing: Decodable {
        let done: String?
        let problems: String?
        let plans: String?
        let action: String?
        let files: [UploadedFile]?
    }

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct ReportRow: Sendable {
        let url: String; let title: String; let organization: String; let to: String?; let due: String; let state: String; let open: Bool; let late: Bool
    }
    struct ListSection: Sendable { let title: String; let total: Int; let rows: [ReportRow]; let more: Bool }
    struct TallyCells: Sendable { let due: Int; let received: Int; let accepted: Int; let missing: Int; let late: Int }
    struct ReviewRow: Sendable {
        let name: String; let url: String; let reportURL: String?; let reportState: String?; let waiting: Bool; let tally: TallyCells
    }
    struct ReviewSection: Sendable { let heading: String; let total: TallyCells; let rows: [ReviewRow]; let more: Bool }
    struct IssuedRow: Sendable { let title: String; let audience: String; let due: String; let at: String }
    struct DeskModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let filterURL: String; let years: [Option]
        let periods: [Option]; let list: ListSection?; let allURL: String; let own: [ReportRow]; let review: ReviewSection?; let mayIssue: Bool
        let issueURL: String; let audiences: [Option]; let suggestedDue: String; let issued: [IssuedRow]
    }

    /// The period shown when none is asked: the half of the year we are in.
    static func currentPeriod(_ today: CalendarDay) -> ReportPeriod { today.month <= 6 ? .firstHalf : .secondHalf }

    static func period(_ text: Substring?, default fallback: ReportPeriod) throws -> ReportPeriod {
        guard let text, !text.isEmpty else { return fallback }
        guard let p = ReportPeriod(rawValue: String(text)) else {
            throw VanguardError.invalid("报告类别不正确：\(text)（可选 h1、h2、annual）", "Unknown report period \(text) (h1, h2 or annual)", field: "period")
        }
        return p
    }

    static func tally(_ t: ReportDesk.Tally) -> TallyCells {
        TallyCells(due: t.due, received: t.received, accepted: t.accepted, missing: max(0, t.due - t.received), late: t.late)
    }

    static func row(_ r: WorkReportRecord, english e: Bool, superior: String? = nil) -> ReportRow {
        ReportRow(
            url: WebURL.workReport(r.id), title: r.call.title.text(english: e), organization: r.organizationName, to: superior, due: r.call.due.description,
            state: r.state.name.text(english: e), open: r.state.open, late: r.late)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.workReports.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let today = vanguard.time.today()
            let q = request.uri.queryParameters
            let year = try request.queryYear(default: today.year)
            let period = try Self.period(q["period"], default: Self.currentPeriod(today))
            let listText = q["list"].map(String.init) ?? ""
            guard listText.isEmpty || ReportDesk.List(rawValue: listText) != nil else {
                throw VanguardError.invalid("列表不正确：\(listText)（可选 open、waiting）", "Unknown list \(listText) (open or waiting)", field: "list")
            }
            let desk = try await vanguard.workReports.desk(
                organizationID: id, year: year, period: period, list: ReportDesk.List(rawValue: listText), as: caller)
            let list = desk.list.map { found in
                ListSection(
                    title: t[listText == "waiting" ? "wrWaiting" : "wrToWrite"], total: found.count, rows: found.map { Self.row($0, english: e) },
                    more: found.count >= WorkReportService.rowLimit)
            }
            let org = desk.organization
            let model = DeskModel(
                frame: PageFrame(context, title: org.name + " · " + t["workReports"], path: WebURL.workReports(id), organization: id),
                organizationName: org.name, organizationURL: WebURL.organization(id), filterURL: WebURL.workReports(id),
                years: (today.year - 2...today.year + 1).reversed().map { Option(value: String($0), label: "\($0)", selected: $0 == year) },
                periods: ReportPeriod.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e), selected: $0 == period) }, list: list,
                allURL: WebURL.workReports(id, year: year, period: period),
                own: desk.own.map { Self.row($0, english: e) },
                review: desk.review.map { r in
                    ReviewSection(
                        heading: "\(t["wrBelow"]) · \(period.title(year: year).text(english: e))", total: Self.tally(r.total),
                        rows: r.rows.map { row in
                            ReviewRow(
                                name: row.organization.name, url: WebURL.workReports(row.organization.id, year: year, period: period),
                                reportURL: row.report.map { WebURL.workReport($0.id) }, reportState: row.report.map { $0.state.name.text(english: e) },
                                waiting: row.report?.state == .submitted, tally: Self.tally(row.subtree))
                        }, more: r.rows.count >= WorkReportService.rowLimit)
                }, mayIssue: desk.mayIssue, issueURL: WebURL.workReports(id),
                audiences: ReportAudience.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e), selected: $0 == .subtree) },
                suggestedDue: period.suggestedDue(year: year).description,
                issued: desk.issued.map {
                    IssuedRow(
                        title: $0.title.text(english: e), audience: $0.audience.name.text(english: e), due: $0.due.description,
                        at: MemberPage.formatTime($0.at))
                })
            return views.render("workreports", model)
        }
        router.post(WebRoute.workReports.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.workReports.requireIssuer(organizationID: id, as: caller)  // refused before the form is read
            let form = try await WebForm.read(request, context: context)
            guard let year = Int(form["year"]) else { throw VanguardError.invalid("请选择年度", "Choose the year", field: "year") }
            try ReportYear.check(year)
            guard let period = ReportPeriod(rawValue: form["period"]) else {
                throw VanguardError.invalid("请选择报告类别", "Choose the report", field: "period")
            }
            guard let audience = ReportAudience(rawValue: form["audience"]) else {
                throw VanguardError.invalid("请选择报送范围", "Choose who reports", field: "audience")
            }
            guard let due = CalendarDay(parsing: form["dueOn"]) else {
                throw VanguardError.invalid("请填写截止日期（年-月-日）", "Give the due date (YYYY-MM-DD)", field: "dueOn")
            }
            _ = try await vanguard.workReports.issue(
                organizationID: id, year: year, period: period, audience: audience, due: due, requirements: form["requirements"], as: caller)
            return redirect(WebURL.workReports(id, year: year, period: period))
        }
        WorkReportPage(vanguard: vanguard, views: views).register(on: router)
    }
}
