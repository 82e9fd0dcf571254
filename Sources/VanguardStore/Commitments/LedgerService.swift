import Foundation
import SQLKit
import VanguardCore

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

    /// One row per item, for a spreadsheet.
    public func export(organizationID: Int64, filter: LedgerFilter, format: SheetFormat, as caller: Caller) async throws -> Data {
        let today = time.today()
        let rows: [[String]] = try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.mayExport(org.path, caller) else { throw VanguardError(.forbidden, .init("您没有导出权限", "You are not allowed to export")) }
            var out = [Self.exportColumns]
            try await LedgerRepository.forEachChunk(db, under: org.path, filter: filter, today: today) { chunk in
                for c in chunk { out += Self.rows(c, today: today) }
            }
            return out
        }
        return try SheetFile.write(rows, as: format, sheetName: "承诺台账")
    }

    /// Who may export a subtree's ledger: those who export, import or review there.
    public static func mayExport(_ path: TreePath, _ caller: Caller) -> Bool {
        caller.allows(.export, at: path) || caller.allows(.importExport, at: path) || caller.allows(.reviewCommitments, at: path)
    }

    static func rows(_ c: CommitmentRecord, today: CalendarDay) -> [[String]] {
        c.items.map { i in
            [
                String(c.id), String(c.year), String(c.round), c.kind.name.zh, c.memberName ?? c.organizationName, c.organizationName, c.state.name.zh,
                c.higherStandard ? "是" : "否", String(i.position), i.draft.content, i.draft.responsibility, i.draft.deadline.description,
                i.draft.expectedResult, i.draft.focusArea ?? "", i.fulfilled ? "是" : "否", i.fulfilledOn?.description ?? "",
                !i.fulfilled && i.draft.deadline < today && c.state.isPublic ? "是" : "否",
            ]
        }
    }
}
