import Hummingbird
import VanguardCore
import VanguardSheets
import VanguardStore

/// 第十二表 党内表彰情况: the page to read and print, and the same table as a file.
struct CommendationTablePage {
    let vanguard: Vanguard
    let views: Views

    struct Row: Sendable { let cells: [String] }
    struct Model: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let commendationsURL: String; let actionURL: String
        let year: Int; let title: String; let compiledOn: String; let header: [String]; let rows: [Row]; let fileURL: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.commendationTable.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let year = try request.queryYear(default: vanguard.time.today().year)
            if let text = request.uri.queryParameters["format"].map(String.init), !text.isEmpty {
                guard let format = SheetFormat(rawValue: text) else {
                    throw VanguardError.invalid("不支持的格式：\(text)（可选 xlsx、csv）", "Unknown format \(text) (xlsx or csv)", field: "format")
                }
                return try Download.response(try await vanguard.commendations.tableFile(organizationID: id, year: year, format: format, as: caller))
            }
            let t = try await vanguard.commendations.table(organizationID: id, year: year, as: caller)
            let model = Model(
                frame: PageFrame(context, title: t.title, path: WebURL.commendationTable(id, year: year), organization: id),
                organizationName: t.organization.name, organizationURL: WebURL.organization(id), commendationsURL: WebURL.commendations(id),
                actionURL: WebRoute.commendationTable.url(id), year: year, title: t.title, compiledOn: t.compiledOn.description, header: t.header,
                rows: t.rows.map { Row(cells: $0.map(DashboardPage.cellText)) }, fileURL: WebURL.commendationTable(id, year: year))
            return views.render("commendationtable", model)
        }
    }
}
