import Hummingbird
import VanguardCore
import VanguardStore

/// 进展情况报告与工作总结 on the web: an organization's desk (its own reports, the level below's for a
/// period, the call form), one report with its writing form or the superior's review, and its files.
enum WorkReportsCapability: WebCapability {
    static let routes: [WebRoute] = [.workReports, .workReport, .workReportReview, .workReportFile]
    static var strings: Strings.Catalog { Strings.workReports }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        WorkReportPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    /// An organization's reports (GET: `year`, `period`, `list=open|waiting`) and a new call (POST).
    static let workReports = WebRoute("/organizations/:id/work-reports")
    /// One report (GET) and its writing (POST, multipart).
    static let workReport = WebRoute("/work-reports/:id")
    /// 审阅 (POST, `decision` accept|return, `reason`).
    static let workReportReview = WebRoute("/work-reports/:id/review")
    /// A report's file.
    static let workReportFile = WebRoute("/work-report-files/:id")
}

extension WebURL {
    static func workReports(_ id: Int64, year: Int? = nil, period: ReportPeriod? = nil, list: String? = nil) -> String {
        var query: [String] = []
        if let year { query.append("year=\(year)") }
        if let period { query.append("period=\(period.rawValue)") }
        if let list { query.append("list=\(list)") }
        return WebRoute.workReports.url(id) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
    static func workReport(_ id: Int64) -> String { WebRoute.workReport.url(id) }
    static func workReportReview(_ id: Int64) -> String { WebRoute.workReportReview.url(id) }
    static func workReportFile(_ id: Int64) -> String { WebRoute.workReportFile.url(id) }
}
