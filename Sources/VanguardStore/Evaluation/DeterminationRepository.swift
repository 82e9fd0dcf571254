import SQLKit
import VanguardCore

/// SQL for determinations (组织认定) and the year's figures a proposal reads.
enum DeterminationRepository {
    /// Replaces the determination of an organization (`memberID` nil) or member for a year.
    static func replace(
        _ db: any SQLDatabase, year: Int, organizationID: Int64, memberID: Int64?, proposal p: DeterminationRecord, grade: EvaluationGrade, reason: String?,
        by username: String, now: Int64
    ) async throws {
        let member: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
        try await db.raw("DELETE FROM determinations WHERE year = \(bind: year) AND organization_id = \(bind: organizationID) AND " + member).run()
        try await db.insert(into: "determinations")
            .columns(
                "year", "organization_id", "member_id", "fulfilment_rate", "satisfaction_rate", "proposed_score", "proposed_grade", "grade", "reason",
                "decided_by", "at"
            )
            .values(
                SQLBind(year), SQLBind(organizationID), SQLBind(memberID), SQLBind(p.fulfilmentRate), SQLBind(p.satisfactionRate),
                SQLBind(p.proposedScore), SQLBind(p.proposedGrade?.rawValue), SQLBind(grade.rawValue), SQLBind(reason), SQLBind(username),
                SQLBind(now)
            ).run()
    }

    /// The subject's commitment items of a year that say something about fulfilment: past their
    /// deadline on `today` or fulfilled, of commitments that reached the board; and how many are fulfilled.
    static func items(
        _ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int, today: CalendarDay
    ) async throws -> (count: Int, fulfilled: Int) {
        let subject: SQLQueryString = memberID.map { "c.member_id = \(bind: $0)" } ?? "c.member_id IS NULL AND c.organization_id = \(bind: organizationID)"
        let row = try await db.raw(
            "SELECT COUNT(*) AS n, SUM(CASE WHEN i.fulfilled THEN 1 ELSE 0 END) AS done FROM commitment_items i JOIN commitments c ON c.id = i.commitment_id WHERE "
                + subject + " AND c.year = \(bind: year) AND c.state NOT IN ('draft', 'withdrawn', 'returned', 'submitted')"
                // Items not yet due and not yet fulfilled say nothing about fulfilment.
                + " AND (i.fulfilled = \(bind: true) OR i.deadline <= \(bind: today.description))"
        ).first()
        let n = try row?.decode(column: "n", as: Int.self) ?? 0
        guard n > 0 else { return (0, 0) }
        let done = try row?.decode(column: "done", as: Int?.self) ?? nil
        return (n, done ?? 0)
    }

    /// The satisfaction rate of the subject's latest round with a frozen rate.
    static func satisfaction(_ db: any SQLDatabase, organizationID: Int64, memberID: Int64?) async throws -> Double? {
        let target: SQLQueryString = memberID.map { "t.member_id = \(bind: $0)" } ?? "t.member_id IS NULL AND t.organization_id = \(bind: organizationID)"
        return try await db.raw(
            "SELECT res.rate FROM evaluation_results res JOIN evaluation_targets t ON t.id = res.target_id WHERE " + target
                + " AND res.rate IS NOT NULL ORDER BY t.round_id DESC LIMIT 1"
        ).first(decodingColumn: "rate", as: Double.self)
    }

    /// The grade and reason decided for the subject's year, if any.
    static func decided(
        _ db: any SQLDatabase, organizationID: Int64, memberID: Int64?, year: Int
    ) async throws -> (grade: EvaluationGrade?, reason: String?)? {
        let member: SQLQueryString = memberID.map { "member_id = \(bind: $0)" } ?? "member_id IS NULL"
        let decided = try await db.raw(
            "SELECT grade, reason FROM determinations WHERE year = \(bind: year) AND organization_id = \(bind: organizationID) AND " + member
        ).first()
        return try decided.map { (EvaluationGrade(rawValue: try $0.string("grade")), try $0.optionalString("reason")) }
    }
}
