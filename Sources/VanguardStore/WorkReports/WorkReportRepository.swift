import Foundation
import SQLKit
import VanguardCore

/// 进展情况报告 / 工作总结 as stored, with the call that asked for it.
public struct WorkReportRecord: Sendable, Hashable {
    public var id: Int64
    public var call: ReportCallRecord
    public var organizationID: Int64
    public var organizationName: String
    /// The superior it goes to (the organization's parent when the call was issued).
    public var superiorID: Int64?
    public var state: WorkReportState
    public var done: String
    public var problems: String
    public var plans: String
    /// The statistics as they were when it was (last) submitted.
    public var figures: WorkReportFigures?
    public var writtenBy: String?
    public var firstSubmittedOn: CalendarDay?
    /// 逾期报送: first submitted after the due date.
    public var late: Bool
    public var submittedAt: Int64?
    public var reviewedBy: String?
    public var reviewedAt: Int64?
    /// The reason it was last returned.
    public var reason: String?
    public var updatedAt: Int64
}

/// SQL for reports: reading them by organization and superior, writing, submitting and reviewing, files.
public enum WorkReportRepository {
    static let columns =
        "r.id, r.organization_id, o.name AS organization_name, r.superior_id, r.state, r.done, r.problems, r.plans, r.figures, r.written_by, r.first_submitted_on, r.late, r.submitted_at, r.reviewed_by, r.reviewed_at, r.reason, r.updated_at, "
        + ReportCallRepository.columns
    static let from: SQLQueryString =
        " FROM work_reports r JOIN report_calls c ON c.id = r.call_id JOIN organizations s ON s.id = c.organization_id JOIN organizations o ON o.id = r.organization_id "

    static func record(_ r: any SQLRow) throws -> WorkReportRecord {
        WorkReportRecord(
            id: try r.int64("id"), call: try ReportCallRepository.record(r), organizationID: try r.int64("organization_id"),
            organizationName: try r.string("organization_name"),
            superiorID: try r.optionalInt64("superior_id"), state: WorkReportState(rawValue: try r.string("state")) ?? .due, done: try r.string("done"),
            problems: try r.string("problems"), plans: try r.string("plans"),
            figures: try r.optionalString("figures").flatMap { try? JSONDecoder().decode(WorkReportFigures.self, from: Data($0.utf8)) },
            writtenBy: try r.optionalString("written_by"), firstSubmittedOn: try r.optionalString("first_submitted_on").flatMap(CalendarDay.init(parsing:)),
            late: try r.bool("late"), submittedAt: try r.optionalInt64("submitted_at"), reviewedBy: try r.optionalString("reviewed_by"),
            reviewedAt: try r.optionalInt64("reviewed_at"), reason: try r.optionalString("reason"), updatedAt: try r.int64("updated_at"))
    }

    public static func get(_ db: any SQLDatabase, id: Int64) async throws -> WorkReportRecord? {
        try await db.raw("SELECT \(unsafeRaw: columns)" + from + "WHERE r.id = \(bind: id)").first().map(record)
    }

    /// An organization's own reports of a year, the latest call first.
    static func own(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [WorkReportRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: columns)" + from
                + "WHERE r.organization_id = \(bind: organizationID) AND c.year = \(bind: year) ORDER BY c.due_on DESC, r.id DESC"
        ).all().map(record)
    }

    /// The reports that go to `superiorID` for a period (its organizations below when the call was issued), in tree order.
    static func below(_ db: any SQLDatabase, superiorID: Int64, year: Int, period: ReportPeriod) async throws -> [WorkReportRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: columns)" + from
                + "WHERE r.superior_id = \(bind: superiorID) AND c.year = \(bind: year) AND c.period = \(bind: period.rawValue) ORDER BY o.path, r.id"
        ).all().map(record)
    }

    /// 待审阅: submitted reports that go to any of `superiorIDs`.
    static func awaitingReview(_ db: any SQLDatabase, superiorIDs: [Int64]) async throws -> Int {
        guard !superiorIDs.isEmpty else { return 0 }
        return try await db.raw(
            """
            SELECT COUNT(*) AS n FROM work_reports r
            WHERE r.superior_id IN (\(SQLList(superiorIDs.map { SQLBind($0) }))) AND r.state = \(bind: WorkReportState.submitted.rawValue)
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// 待审阅 of the level below one superior, every year, the longest waiting first.
    static func awaiting(_ db: any SQLDatabase, superiorID: Int64, limit: Int) async throws -> [WorkReportRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: columns)" + from
                + "WHERE r.superior_id = \(bind: superiorID) AND r.state = \(bind: WorkReportState.submitted.rawValue) ORDER BY r.submitted_at, r.id LIMIT \(unsafeRaw: String(limit))"
        ).all().map(record)
    }

    /// 待报送 of an organization, every year, the earliest due first.
    static func unwritten(_ db: any SQLDatabase, organizationID: Int64, limit: Int) async throws -> [WorkReportRecord] {
        try await db.raw(
            "SELECT \(unsafeRaw: columns)" + from
                + "WHERE r.organization_id = \(bind: organizationID) AND r.state IN (\(bind: WorkReportState.due.rawValue), \(bind: WorkReportState.returned.rawValue)) ORDER BY c.due_on, r.id LIMIT \(unsafeRaw: String(limit))"
        ).all().map(record)
    }

    /// 待报送: an organization's reports still to be written (due or returned).
    static func open(_ db: any SQLDatabase, organizationID: Int64) async throws -> Int {
        try await db.raw(
            """
            SELECT COUNT(*) AS n FROM work_reports WHERE organization_id = \(bind: organizationID)
            AND state IN (\(bind: WorkReportState.due.rawValue), \(bind: WorkReportState.returned.rawValue))
            """
        ).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// Reports of a call still to be written and not yet reminded with `keyPrefix` (the key is
    /// `prefix:id:due`), with their organizations, from `after` on (the reminder sweeps).
    static func unsent(
        _ db: any SQLDatabase, callID: Int64, due: CalendarDay, keyPrefix: String, after: Int64, limit: Int
    ) async throws -> [(id: Int64, organizationID: Int64)] {
        let states = SQLList([WorkReportState.due, .returned].map { SQLBind($0.rawValue) })
        return try await db.raw(
            """
            SELECT r.id, r.organization_id FROM work_reports r JOIN organizations o ON o.id = r.organization_id
            WHERE r.call_id = \(bind: callID) AND r.state IN (\(states)) AND r.id > \(bind: after) AND o.dissolved = \(bind: false)
            AND NOT EXISTS (SELECT 1 FROM notifications x WHERE x.dedupe_key = \(bind: keyPrefix + ":") || CAST(r.id AS TEXT) || \(bind: ":" + due.description))
            ORDER BY r.id LIMIT \(unsafeRaw: String(limit))
            """
        ).all().map { (try $0.int64("id"), try $0.int64("organization_id")) }
    }

    /// Writes the text of an open report (a draft), as long as it is still in `state`; false when it was not.
    static func save(
        _ db: any SQLDatabase, id: Int64, from state: WorkReportState, done: String, problems: String, plans: String, by: String, now: Int64
    ) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE work_reports SET done = \(bind: done), problems = \(bind: problems), plans = \(bind: plans), written_by = \(bind: by),
            updated_at = \(bind: now) WHERE id = \(bind: id) AND state = \(bind: state.rawValue) RETURNING id
            """
        ).all().isEmpty
    }

    /// 报送: the report goes to the superior with the figures of the day; the first submission decides 逾期.
    static func submit(
        _ db: any SQLDatabase, _ report: WorkReportRecord, figures: WorkReportFigures, today: CalendarDay, now: Int64
    ) async throws -> Bool {
        let json = String(decoding: try JSONEncoder().encode(figures), as: UTF8.self)
        let first = report.firstSubmittedOn ?? today
        return try await !db.raw(
            """
            UPDATE work_reports SET state = \(bind: WorkReportState.submitted.rawValue), figures = \(bind: json), first_submitted_on = \(bind: first.description),
            late = \(bind: WorkReportRules.isLate(firstSubmitted: first, due: report.call.due)), submitted_at = \(bind: now), updated_at = \(bind: now)
            WHERE id = \(bind: report.id) AND state = \(bind: report.state.rawValue) RETURNING id
            """
        ).all().isEmpty
    }

    /// 审阅: accepted, or returned with the reason; false when it was no longer awaiting review.
    static func review(_ db: any SQLDatabase, id: Int64, to state: WorkReportState, reason: String?, by: String, now: Int64) async throws -> Bool {
        try await !db.raw(
            """
            UPDATE work_reports SET state = \(bind: state.rawValue), reason = \(bind: reason), reviewed_by = \(bind: by), reviewed_at = \(bind: now),
            updated_at = \(bind: now) WHERE id = \(bind: id) AND state = \(bind: WorkReportState.submitted.rawValue) RETURNING id
            """
        ).all().isEmpty
    }

    static func insertFile(_ db: any SQLDatabase, reportID: Int64, file: EvidenceUpload) async throws {
        let (hash, type) = try await ProgressRepository.storeBlob(db, file)
        try await db.insert(into: "work_report_files").columns("report_id", "name", "content_type", "size", "sha256")
            .values(SQLBind(reportID), SQLBind(file.name), SQLBind(type), SQLBind(Int64(file.bytes.count)), SQLBind(hash)).run()
    }

    static func files(_ db: any SQLDatabase, reportID: Int64) async throws -> [EvidenceFileRecord] {
        try await db.raw("SELECT * FROM work_report_files WHERE report_id = \(bind: reportID) ORDER BY id").all().map(ProgressRepository.file)
    }

    /// A file and the report it belongs to, without its bytes (read them once the reader is checked).
    static func file(_ db: any SQLDatabase, id: Int64) async throws -> (file: EvidenceFileRecord, reportID: Int64)? {
        guard let r = try await db.raw("SELECT * FROM work_report_files WHERE id = \(bind: id)").first() else { return nil }
        return (try ProgressRepository.file(r), try r.int64("report_id"))
    }

}
