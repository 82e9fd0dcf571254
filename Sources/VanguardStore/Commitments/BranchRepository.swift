import SQLKit
import VanguardCore

/// 党支部大会: where the branch declared its members' commitments.
public struct BranchMeetingRecord: Sendable, Hashable {
    public var id: Int64
    public var heldOn: CalendarDay
    public var attendees: Int
    public var topic: String
    public var recordedBy: String
}

/// 免于承诺 as recorded.
public struct ExemptionRecord: Sendable, Hashable {
    public var memberID: Int64
    public var memberName: String
    public var reason: CommitmentExemption.Reason
    public var consent: String
    public var note: String?
    public var recordedBy: String
}

/// SQL for a branch's meetings and exemptions.
public enum BranchRepository {
    public static func insertMeeting(
        _ db: any SQLDatabase, organizationID: Int64, year: Int, heldOn: CalendarDay, attendees: Int, topic: String, recordedBy: String, now: Int64
    ) async throws -> Int64 {
        try await db.insert(into: "branch_meetings").columns("organization_id", "year", "held_on", "attendees", "topic", "recorded_by", "at")
            .values(
                SQLBind(organizationID), SQLBind(year), SQLBind(heldOn.description), SQLBind(attendees), SQLBind(topic), SQLBind(recordedBy), SQLBind(now)
            )
            .returning("id").first(decodingColumn: "id", as: Int64.self)!
    }

    public static func meetings(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [BranchMeetingRecord] {
        try await db.raw(
            "SELECT * FROM branch_meetings WHERE organization_id = \(bind: organizationID) AND year = \(bind: year) ORDER BY held_on DESC, id DESC"
        ).all().map { r in
            BranchMeetingRecord(
                id: try r.int64("id"), heldOn: try r.day("held_on"), attendees: try r.int("attendees"), topic: try r.string("topic"),
                recordedBy: try r.string("recorded_by"))
        }
    }

    /// Records (or replaces) a member's exemption for the year.
    public static func saveExemption(
        _ db: any SQLDatabase, memberID: Int64, year: Int, reason: CommitmentExemption.Reason, consent: String, note: String?, recordedBy: String,
        now: Int64
    ) async throws {
        try await WritePath.changing(db, .members([memberID]), now: now) {
            try await db.raw("DELETE FROM commitment_exemptions WHERE member_id = \(bind: memberID) AND year = \(bind: year)").run()  // a second record replaces the first
            try await db.insert(into: "commitment_exemptions").columns("member_id", "year", "reason", "consent", "note", "recorded_by", "at")
                .values(SQLBind(memberID), SQLBind(year), SQLBind(reason.rawValue), SQLBind(consent), SQLBind(note), SQLBind(recordedBy), SQLBind(now)).run()
        }
    }

    /// Removes the member's exemption of the year (and its count); false when there was none.
    public static func removeExemption(_ db: any SQLDatabase, memberID: Int64, year: Int, now: Int64) async throws -> Bool {
        try await WritePath.changing(db, .members([memberID]), now: now) {
            !(try await db.raw("DELETE FROM commitment_exemptions WHERE member_id = \(bind: memberID) AND year = \(bind: year) RETURNING member_id").all())
                .isEmpty
        }
    }

    public static func exemptions(_ db: any SQLDatabase, organizationID: Int64, year: Int) async throws -> [ExemptionRecord] {
        try await db.raw(
            """
            SELECT e.*, m.name FROM commitment_exemptions e JOIN members m ON m.id = e.member_id
            WHERE m.organization_id = \(bind: organizationID) AND e.year = \(bind: year) ORDER BY m.name, m.id
            """
        ).all().map { r in
            ExemptionRecord(
                memberID: try r.int64("member_id"), memberName: try r.string("name"),
                reason: CommitmentExemption.Reason(rawValue: try r.string("reason")) ?? .special, consent: try r.optionalString("consent") ?? "",
                note: try r.optionalString("note"), recordedBy: try r.string("recorded_by"))
        }
    }
}
