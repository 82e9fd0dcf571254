import SQLKit
import VanguardCore
import VanguardSheets

/// 第十二表 党内表彰情况 of a subtree and year: the table the page shows and the file holds.
public struct CommendationTableReport: Sendable {
    public let organization: OrganizationRecord
    public let year: Int
    public let compiledOn: CalendarDay
    public let header: [String]
    public let rows: [[SheetCell]]

    /// 中共六安市委员会 2026年党内表彰情况（第十二表）
    public var title: String { "\(organization.name) \(year)年党内表彰情况（第十二表）" }
}

extension CommendationService {
    /// The table from the subtree's counters (commended by title and level, of members the women and those
    /// 35 or younger), for whoever reads the organization.
    public func table(organizationID: Int64, year: Int, as caller: Caller) async throws -> CommendationTableReport {
        try ReportYear.check(year)
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let titles = try await CommendationRepository.titles(db).map {
                CommendationTable.Title(code: $0.code, name: $0.name, forMembers: $0.subject == .member)
            }
            let figures = try await StatsRepository.figures(db, organizationID: org.id, year: year).subtree
            return CommendationTableReport(
                organization: org, year: year, compiledOn: time.today(), header: CommendationTable.header(titles),
                rows: CommendationTable.rows(titles, figures).map { [.text($0.label)] + $0.counts.map { .count($0) } })
        }
    }

    /// The table as a spreadsheet: A4 landscape, titled, named `六安市2026年党内表彰情况（第十二表）.xlsx`.
    public func tableFile(organizationID: Int64, year: Int, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let t = try await table(organizationID: organizationID, year: year, as: caller)
        let layout = SheetLayout(sheetName: "第十二表 党内表彰情况", title: t.title + "（编制日期：\(t.compiledOn)）", header: t.header, landscape: true)
        let out = try SheetOutput(format: format, layout: layout.fitting(t.rows))
        for row in t.rows { try out.append(row) }
        return try out.finish(name: "\(OrganizationName.short(t.organization.name))\(year)年党内表彰情况（第十二表）")
    }
}
