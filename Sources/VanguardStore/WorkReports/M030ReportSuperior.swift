import SQLKit

/// 报送对象: a report goes to the superior it was asked for — its organization's parent when the call was
/// issued — kept on the report, so moving an organization later does not hand its report to a new parent
/// outside the call; and the reminder sweep pages a call's reports not in by an index.
struct M030ReportSuperior: Migration {
    let version = 30
    let name = "work reports keep their superior"

    func prepare(on db: any SQLDatabase) async throws {
        try await db.exec("ALTER TABLE work_reports ADD COLUMN superior_id BIGINT")
        try await db.exec("UPDATE work_reports SET superior_id = (SELECT o.parent_id FROM organizations o WHERE o.id = work_reports.organization_id)")
        try await db.create(index: "work_reports_superior").on("work_reports").column("superior_id").column("state").run()
        try await db.create(index: "work_reports_call_state_id").on("work_reports").column("call_id").column("state").column("id").run()
    }
}
