import SQLKit

/// 一本整改台账: the rectification demands already made on public commitments become rectification items
/// (source `commitment`) — open while unanswered (overdue already when past the deadline, so the first sweep
/// tells nobody about history); answered ones checked off on the day of the answer, as the old flow held an
/// answer final, with the author's answer as the request — and the counters are rebuilt with them.
struct M022CommitmentRectifications: Migration {
    let version = 22
    let name = "commitment rectification demands on the one ledger"

    func prepare(on db: any SQLDatabase) async throws {
        // Today as the database sees it, written like the stored days (YYYY-MM-DD).
        let today = db.engine == .postgres ? "to_char(CURRENT_DATE, 'YYYY-MM-DD')" : "date('now')"
        try await db.exec(
            """
            INSERT INTO rectification_items (source, source_id, organization_id, member_id, confirmer_id, problem, measure, responsible, deadline,
              state, overdue, opened_on, checked_off_on, created_by, at)
            SELECT 'commitment', s.id, c.organization_id, c.member_id, c.reviewer_organization_id, s.findings, COALESCE(s.urged, '按整改要求落实'),
              COALESCE(m.name, o.name), s.deadline, CASE WHEN s.resolved_on IS NULL THEN 'open' ELSE 'checked_off' END,
              s.resolved_on IS NULL AND s.deadline < \(today), s.held_on, s.resolved_on, s.recorded_by, s.at
            FROM supervision_records s JOIN commitments c ON c.id = s.commitment_id JOIN organizations o ON o.id = c.organization_id
            LEFT JOIN members m ON m.id = c.member_id
            WHERE s.kind = 'rectification' AND s.deadline IS NOT NULL ORDER BY s.id
            """)
        try await db.exec(
            """
            INSERT INTO rectification_entries (item_id, action, text, actor, on_day, at)
            SELECT r.id, 'request', s.response, 'migration', s.resolved_on, s.at FROM rectification_items r
            JOIN supervision_records s ON s.id = r.source_id WHERE r.source = 'commitment' AND s.resolved_on IS NOT NULL ORDER BY r.id
            """)
        try await WritePath.rebuildCounters(db, atVersion: version)  // the folded items counted by state (the sweep marks the overdue)
    }
}
