import Foundation
import VanguardCore
import VanguardSheets

/// 审计日志 for the office: the log is not divided by organization, so it is read by the office of a
/// top organization (the city's, the province's) or the operator; lower offices see it as missing.
/// An export of it is itself recorded.
public struct AuditService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource
    static let what = Bilingual("审计日志", "Audit log")
    public static let pageSize = 100
    /// At most this many records in one export (a filter narrows a longer log).
    public static let exportLimit = 100_000

    public static func mayRead(_ caller: Caller) -> Bool {
        caller.isSystem || caller.scope.grants.contains { $0.organizationPath.depth == 0 && $0.role.permissions.contains(.manageAccounts) }
    }

    /// A day (China time) as milliseconds since 1970: its first moment.
    public static func startMillis(_ day: CalendarDay) -> Int64 { Int64(day.daysSince1970) * 86_400_000 - 8 * 3_600_000 }

    /// One page, newest first; `before` is the last `seq` of the previous page.
    public func records(_ filter: AuditFilter, before: Int64? = nil, as caller: Caller) async throws -> [AuditRecord] {
        guard Self.mayRead(caller) else { throw VanguardError.notFound(Self.what) }
        return try await backend.read { db in try await AuditRepository.search(db, filter, beforeSeq: before, limit: Self.pageSize) }
    }

    /// The filtered log as a spreadsheet (time in China time, actor, action, target, summary, seq).
    public func export(_ filter: AuditFilter, format: SheetFormat, as caller: Caller) async throws -> ExportFile {
        guard Self.mayRead(caller) else { throw VanguardError.notFound(Self.what) }
        let records = try await backend.read { db in try await AuditRepository.search(db, filter, beforeSeq: nil, limit: Self.exportLimit) }
        let now = time.nowMillis()
        try await backend.write { db in
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "audit.export", targetType: "audit", targetID: nil,
                    summary: "导出审计日志 \(records.count) 条" + (records.count == Self.exportLimit ? "（已达上限，更早的未导出）" : "") + Self.describe(filter)))
        }
        let layout = SheetLayout(
            sheetName: "审计日志", title: "审计日志（导出时间：\(Self.stamp(now))）", header: ["序号", "时间", "操作人", "操作", "对象", "对象编号", "内容"],
            widths: [8, 20, 12, 22, 12, 10, 60], landscape: true)
        let out = try SheetOutput(format: format, layout: layout)
        for r in records {
            try out.append([
                .integer(Int(r.seq)), .text(Self.stamp(r.entry.at)), .text(r.entry.actor), .text(r.entry.action), .text(r.entry.targetType),
                r.entry.targetID.map { .integer(Int($0)) } ?? .text(""), .text(r.entry.summary),
            ])
        }
        return try out.finish(name: "审计日志\(time.today())")
    }

    /// The filter in words, for the export's own record.
    static func describe(_ f: AuditFilter) -> String {
        let parts = [
            f.actor.map { "操作人=\($0)" }, f.actionPrefix.map { "操作=\($0)*" }, f.targetType.map { "对象=\($0)" },
            f.fromMillis.map { "自 \(stamp($0))" }, f.untilMillis.map { "至 \(stamp($0 - 1))" },
        ].compactMap { $0 }
        return parts.isEmpty ? "" : "，筛选：" + parts.joined(separator: "，")
    }

    /// "2026-12-01 09:30:05" in China time.
    public static func stamp(_ millis: Int64) -> String {
        let seconds = millis / 1000 + 8 * 3600
        let day = CalendarDay.fromDaysSince1970(Int(floor(Double(seconds) / 86400)))
        let rest = Int(((seconds % 86400) + 86400) % 86400)
        return day.description + String(format: " %02d:%02d:%02d", rest / 3600, rest % 3600 / 60, rest % 60)
    }
}
