import SQLKit
import VanguardCore

/// 进展情况报告与工作总结: a 报送任务 (report call) asks the organizations below its issuer — the level
/// below, or the whole subtree — for a period's report by a due date; each organization addressed gets
/// one report row when the call is issued (应报 is a fact, not a guess from today's tree), writes it with
/// files (kept once per content hash in `evidence_blobs`) and submits it to its superior.
struct M027WorkReports: Migration {
    let version = 27
    let name = "report calls and work reports"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.create(table: "report_calls")
            .column("id", type: .bigint, db.idColumn)
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("year", type: .int, .notNull)
            .column("period", type: .text, .notNull)
            .column("audience", type: .text, .notNull)
            .column("due_on", type: .text, .notNull)
            .column("requirements", type: .text, .notNull)
            .column("issued_by", type: .text, .notNull)
            .column("at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "report_calls_organization").on("report_calls").column("organization_id").column("year").run()
        try await db.create(index: "report_calls_period").on("report_calls").column("year").column("period").run()
        try await db.create(table: "work_reports")
            .column("id", type: .bigint, db.idColumn)
            .column("call_id", type: .bigint, .notNull, .references("report_calls", "id"))
            .column("organization_id", type: .bigint, .notNull, .references("organizations", "id"))
            .column("state", type: .text, .notNull)
            .column("done", type: .text, .notNull)
            .column("problems", type: .text, .notNull)
            .column("plans", type: .text, .notNull)
            .column("figures", type: .text)
            .column("written_by", type: .text)
            .column("first_submitted_on", type: .text)
            .column("late", type: .boolean, .notNull, .default(false))
            .column("submitted_at", type: .bigint)
            .column("reviewed_by", type: .text)
            .column("reviewed_at", type: .bigint)
            .column("reason", type: .text)
            .column("updated_at", type: .bigint, .notNull)
            .unique("call_id", "organization_id")
            .run()
        try await db.create(index: "work_reports_organization").on("work_reports").column("organization_id").column("call_id").run()
        try await db.create(index: "work_reports_call_state").on("work_reports").column("call_id").column("state").run()
        try await db.create(table: "work_report_files")
            .column("id", type: .bigint, db.idColumn)
            .column("report_id", type: .bigint, .notNull, .references("work_reports", "id"))
            .column("name", type: .text, .notNull)
            .column("content_type", type: .text, .notNull)
            .column("size", type: .bigint, .notNull)
            .column("sha256", type: .text, .notNull, .references("evidence_blobs", "sha256"))
            .run()
        try await db.create(index: "work_report_files_report").on("work_report_files").column("report_id").run()
    }
}
