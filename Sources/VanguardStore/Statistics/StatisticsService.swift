import Foundation
import SQLKit
import VanguardCore
import VanguardSheets

/// One organization's figures on a dashboard: its subtree's counters and its member count.
public struct StatRow: Sendable, Hashable {
    public var organization: OrganizationRecord
    public var figures: StatFigures
    public var members: Int
}

/// 统计页: an organization's subtree figures, its own part, each child's, and how many star levels the
/// year's rules have (the dashboard's star bars), read in one transaction.
public struct Dashboard: Sendable {
    public var total: StatRow
    public var own: StatFigures
    public var children: [StatRow]
    public var memberStarLevels: Int
    /// Whether the caller reads private data here: else the private metrics (后进、整改) are left out.
    public var showsPrivate: Bool
}

/// 统计: the counters kept ready along the tree, read in a handful of indexed lookups whatever the
/// subtree's size — the organization, its own part, and each child.
public struct StatisticsService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    public func dashboard(organizationID: Int64, year: Int, as caller: Caller) async throws -> Dashboard {
        try ReportYear.check(year)
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let (own, subtree) = try await StatsRepository.figures(db, organizationID: org.id, year: year)
            let children = try await OrganizationRepository.children(db, of: org.id, limit: 1000, offset: 0)
            let figures = try await StatsRepository.subtreeFigures(db, organizationIDs: children.map(\.id), year: year)
            let reads = caller.allows(.readPrivate, at: org.path)
            let shown = { (f: StatFigures) in reads ? f : f.publicOnly }
            return Dashboard(
                total: StatRow(organization: org, figures: shown(subtree), members: org.counters.subtreeMembers), own: shown(own),
                children: children.map {
                    StatRow(organization: $0, figures: shown(figures[$0.id] ?? StatFigures([:])), members: $0.counters.subtreeMembers)
                },
                memberStarLevels: try await PointRepository.settings(db, year: year).memberStars.count, showsPrivate: reads)
        }
    }

    /// 统计报表 in the shape of the Lu'an report [001]: per child, organizations and members, items
    /// committed and fulfilled; the last row is the whole subtree. Counts are numbers, rates numbers
    /// from 0 to 1 (the page and the file format them). Read in one transaction.
    public func reportTable(organizationID: Int64, year: Int, as caller: Caller) async throws -> ReportTable {
        let d = try await dashboard(organizationID: organizationID, year: year, as: caller)
        var rows: [[SheetCell]] = []
        for r in d.children + [d.total] {
            let f = r.figures
            rows.append([
                .text(r.organization.id == d.total.organization.id ? "合计：" + r.organization.name : r.organization.name),
                .count(r.organization.counters.subtreeOrganizations),
                .count(f.made("organization")), .count(f.items("organization")), .count(f.itemsFulfilled("organization")),
                .percent(f.fulfilmentRate("organization")), .count(r.members), .count(f.value(StatMetric.committedMembers)),
                .count(f.value(StatMetric.committedGuests)),
                .count(f.items("member")), .count(f.itemsFulfilled("member")), .percent(f.fulfilmentRate("member")),
                .percent(f.satisfactionRate),
            ])
        }
        return ReportTable(organization: d.total.organization, year: year, compiledOn: time.today(), header: ReportTable.header, rows: rows)
    }

    /// The report as a spreadsheet file: A4 landscape, titled with the organization, the year and the
    /// date of compilation, named `六安市2026年创先争优统计.xlsx`.
    public func report(organizationID: Int64, year: Int, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let table = try await reportTable(organizationID: organizationID, year: year, as: caller)
        let layout = SheetLayout(sheetName: "\(year)年创先争优统计", title: table.title, header: table.header, landscape: true)
        let out = try SheetOutput(format: format, layout: layout.fitting(table.rows))
        for row in table.rows { try out.append(row) }
        return try out.finish(name: "\(OrganizationName.short(table.organization.name))\(year)年创先争优统计")
    }
}

/// 统计报表: the table the report page shows and the file holds.
public struct ReportTable: Sendable {
    public static let header = [
        "单位", "党组织数", "组织承诺（件）", "组织承诺事项", "组织已兑现事项", "组织兑现率", "党员数", "作出承诺的党员", "外单位党员在此承诺（人次）", "党员承诺事项",
        "党员已兑现事项", "党员兑现率", "群众满意率",
    ]
    public let organization: OrganizationRecord
    public let year: Int
    /// 编制日期
    public let compiledOn: CalendarDay
    public let header: [String]
    public let rows: [[SheetCell]]

    /// 中共六安市委员会 2026年创先争优统计（编制日期：2026-12-03）
    public var title: String { "\(organization.name) \(year)年创先争优统计（编制日期：\(compiledOn)）" }
}
