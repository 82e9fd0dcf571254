import Foundation
import SQLKit
import VanguardCore
import VanguardSheets

/// 承诺台账: every commitment and item of a subtree, filtered, paged, exported.
public struct LedgerService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    public static let exportColumns = [
        "编号", "年度", "轮次", "类型", "承诺主体", "所在党组织", "状态", "高标准", "序号", "承诺事项", "责任", "完成时限", "预期结果", "重点领域", "是否兑现", "兑现日期",
        "是否逾期",
    ]

    public func page(
        organizationID: Int64, filter: LedgerFilter, limit: Int = 50, offset: Int = 0, as caller: Caller
    ) async throws -> (
        organization: OrganizationRecord, rows: [CommitmentRecord], total: Int
    ) {
        let today = time.today()
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            let (rows, total) = try await LedgerRepository.page(db, under: org.path, filter: filter, today: today, limit: limit, offset: offset)
            return (org, rows, total)
        }
    }

    /// One row per item, for a spreadsheet, written as the rows are read: a city's ledger (half a
    /// million items) in the memory of one chunk. Titled with the organization, the year and the date.
    public func export(organizationID: Int64, filter: LedgerFilter, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        let today = time.today()
        return try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.mayExport(org.path, caller) else { throw VanguardError(.forbidden, .init("您没有导出权限", "You are not allowed to export")) }
            let layout = SheetLayout(
                sheetName: "承诺台账", title: "\(org.name) \(filter.year)年承诺台账（编制日期：\(today)）", header: Self.exportColumns,
                widths: Self.exportWidths, landscape: true)
            let out = try SheetOutput(format: format, layout: layout)
            let day = today.description
            let name = "\(OrganizationName.short(org.name))\(filter.year)年承诺台账"
            // The next rows are read while the last are written (one core each); two chunks at most wait between.
            let pipe = ChunkPipe<[LedgerExportRow]>(capacity: 2)
            async let file: ExportFile = {
                do {
                    while let chunk = try await pipe.next() { for row in chunk { try out.append(Self.cells(row, today: day)) } }
                    return try out.finish(name: name)
                } catch {
                    await pipe.close(throwing: error)
                    throw error
                }
            }()
            do {
                try await LedgerRepository.forEachExportChunk(db, under: org.path, filter: filter, today: today) { chunk in try await pipe.send(chunk) }
                await pipe.close()
            } catch {
                await pipe.close(throwing: error)
                _ = try? await file
                throw error
            }
            return try await file
        }
    }

    static let exportWidths: [Double] = [9, 7, 6, 10, 16, 24, 9, 8, 6, 40, 14, 12, 30, 14, 9, 12, 9]

    /// Who may export a subtree's ledger: those who export, import or review there.
    public static func mayExport(_ path: TreePath, _ caller: Caller) -> Bool {
        caller.allows(.export, at: path) || caller.allows(.importExport, at: path) || caller.allows(.reviewCommitments, at: path)
    }

    /// An export row as the sheet's cells (`today` as YYYY-MM-DD: an item is late when its deadline
    /// sorts before it, unfulfilled, on a public commitment).
    static func cells(_ r: LedgerExportRow, today: String) -> [SheetCell] {
        let state = CommitmentState(rawValue: r.state)
        return [
            .integer(Int(r.commitmentID)), .integer(r.year), .integer(r.round), .text(Self.kindNames[r.kind] ?? r.kind),
            .text(r.memberName ?? r.organizationName),
            .text(r.organizationName), .text(state?.name.zh ?? r.state), .text(r.higherStandard ? "是" : "否"), .integer(r.position),
            .text(r.content), .text(r.responsibility), .text(r.deadline), .text(r.expectedResult), .text(r.focusArea ?? ""), .text(r.fulfilled ? "是" : "否"),
            .text(r.fulfilledOn ?? ""), .text(!r.fulfilled && r.deadline < today && (state?.isPublic ?? false) ? "是" : "否"),
        ]
    }

    static let kindNames = Dictionary(uniqueKeysWithValues: CommitmentKind.allCases.map { ($0.rawValue, $0.name.zh) })
}
