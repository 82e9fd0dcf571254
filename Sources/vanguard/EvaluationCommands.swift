import ArgumentParser
import Foundation
import VanguardCore
import VanguardStore

/// `vanguard comments`: the 领导点评 progress of a subtree for a half year, for the office's weekly check.
struct Comments: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "领导点评进度 / Leader comments due, done and late in a subtree")
    @OptionGroup var store: StoreOptions
    @Option(help: "The organization whose subtree is checked") var organization: Int64
    @Option(help: "The half year, e.g. 2026-H2 (default: the current one)") var period: String?

    func run() async throws {
        let vanguard = try await store.open()
        defer { Task { try? await vanguard.close() } }
        let half: HalfYear
        if let period {
            guard let p = HalfYear(period) else { throw fail("--period 写作 2026-H2 的形式 / --period looks like 2026-H2") }
            half = p
        } else {
            half = HalfYear.containing(vanguard.time.today())
        }
        let (rows, outstanding) = try await vanguard.leaderComments.progress(organizationID: organization, period: half, as: .system("cli"))
        print("\(half.name.zh) / \(half)")
        for r in rows { print("\(r.relation.name.zh)\t\(r.done)/\(r.expected)\t\(r.progress.rawValue)") }
        for o in outstanding { print("未点评 / owed\t\(o.relation.name.zh)\t\(o.subjectName)\t\(o.organizationName)\t\(o.commenterName)") }
    }
}

/// `vanguard scoring`: the ranking of the organizations under one, on a scoring sheet, as a spreadsheet.
struct Scoring: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "导出考核评分排名 / Export the scoring ranking of the organizations under one")
    @OptionGroup var store: StoreOptions
    @Option(help: "The superior organization") var organization: Int64
    @Option(help: "The scoring template's id (1 is the 三级联创 sheet)") var template: Int64 = 1
    @Option(help: "The year") var year: Int
    @Option(help: "xlsx or csv") var format: String = "xlsx"
    @Option(help: "Output file") var output: String

    func run() async throws {
        guard let sheetFormat = SheetFormat(rawValue: format) else { throw fail("--format 须为 xlsx 或 csv / bad --format") }
        let vanguard = try await store.open()
        let file = try await vanguard.scoring.export(templateID: template, parentID: organization, year: year, format: sheetFormat, as: .system("cli"))
        try await vanguard.close()
        try file.move(to: URL(fileURLWithPath: output))
        print("已导出到 / exported to \(output) (\(file.bytes) bytes)")
    }
}
