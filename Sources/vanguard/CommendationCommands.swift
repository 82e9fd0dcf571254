import ArgumentParser
import Foundation
import VanguardCore
import VanguardStore

/// `vanguard fund`: a committee's award fund of a year (基石工程资金台账) as a spreadsheet, for the
/// office's accounts and the auditors.
struct Fund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导出基石工程资金台账 / Export a committee's award-fund ledger of a year")
    @OptionGroup var store: StoreOptions
    @Option(help: "The committee keeping the fund") var organization: Int64
    @Option(help: "The year (default: this year)") var year: Int?
    @Option(help: "xlsx or csv") var format: String = "xlsx"
    @Option(help: "Output file") var output: String

    func run() async throws {
        guard let sheetFormat = SheetFormat(rawValue: format) else { throw fail("--format 须为 xlsx 或 csv / bad --format") }
        let vanguard = try await store.open()
        let file = try await vanguard.awardFund.export(
            organizationID: organization, year: year ?? vanguard.time.today().year, format: sheetFormat, as: .system("cli"))
        try await vanguard.close()
        try file.move(to: URL(fileURLWithPath: output))
        print("已导出到 / exported to \(output) (\(file.bytes) bytes)")
    }
}

/// `vanguard commendation-table`: 第十二表 党内表彰情况 of an organization's subtree and year as a
/// spreadsheet, for the annual party statistics.
struct CommendationTableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commendation-table", abstract: "导出第十二表 党内表彰情况 / Export table 12 (commendations) of a subtree and year")
    @OptionGroup var store: StoreOptions
    @Option(help: "The organization whose subtree is counted") var organization: Int64
    @Option(help: "The year (default: this year)") var year: Int?
    @Option(help: "xlsx or csv") var format: String = "xlsx"
    @Option(help: "Output file") var output: String

    func run() async throws {
        guard let sheetFormat = SheetFormat(rawValue: format) else { throw fail("--format 须为 xlsx 或 csv / bad --format") }
        let vanguard = try await store.open()
        let file = try await vanguard.commendations.tableFile(
            organizationID: organization, year: year ?? vanguard.time.today().year, format: sheetFormat, as: .system("cli"))
        try await vanguard.close()
        try file.move(to: URL(fileURLWithPath: output))
        print("已导出到 / exported to \(output) (\(file.bytes) bytes)")
    }
}
