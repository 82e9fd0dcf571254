import Foundation
import SQLKit
import VanguardCore

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
            return Dashboard(
                total: StatRow(organization: org, figures: subtree, members: org.counters.subtreeMembers), own: own,
                children: children.map { StatRow(organization: $0, figures: figures[$0.id] ?? StatFigures([:]), members: $0.counters.subtreeMembers) },
                memberStarLevels: try await PointRepository.settings(db, year: year).memberStars.count)
        }
    }

    /// 统计报表 in the shape of the Lu'an report [001]: per child, organizations and members, items
    /// committed and fulfilled; the first row is the header, the last the whole subtree. Read in one
    /// transaction, with the organization it is of.
    public func reportTable(organizationID: Int64, year: Int, as caller: Caller) async throws -> (organization: OrganizationRecord, rows: [[String]]) {
        let d = try await dashboard(organizationID: organizationID, year: year, as: caller)
        var rows = [["单位", "党组织数", "组织承诺（件）", "组织承诺事项", "组织已兑现事项", "组织兑现率", "党员数", "作出承诺的党员", "外单位党员在此承诺（人次）", "党员承诺事项", "党员已兑现事项", "党员兑现率", "群众满意率"]]
        for r in d.children + [d.total] {
            let f = r.figures
            rows.append([
                r.organization.id == d.total.organization.id ? "合计：" + r.organization.name : r.organization.name,
                String(r.organization.counters.subtreeOrganizations),
                String(f.made("organization")), String(f.items("organization")), String(f.itemsFulfilled("organization")),
                ChineseNumber.percent(f.fulfilmentRate("organization")), String(r.members), String(f.value(StatMetric.committedMembers)),
                String(f.value(StatMetric.committedGuests)),
                String(f.items("member")), String(f.itemsFulfilled("member")), ChineseNumber.percent(f.fulfilmentRate("member")),
                ChineseNumber.percent(f.satisfactionRate),
            ])
        }
        return (d.total.organization, rows)
    }

    /// The report as a spreadsheet file.
    public func report(organizationID: Int64, year: Int, format: SheetFormat, as caller: Caller) async throws -> Data {
        try SheetFile.write(try await reportTable(organizationID: organizationID, year: year, as: caller).rows, as: format, sheetName: "\(year)年创先争优统计")
    }
}
