import Foundation
import SQLKit
import VanguardCore

/// SQL for point events (积分) and the campaign's evaluation settings (评价办法).
enum PointRepository {
    /// The settings of the campaign covering `year` (the standard ones if it has none).
    static func settings(_ db: any SQLDatabase, year: Int) async throws -> EvaluationSettings {
        guard
            let json = try await db.raw(
                "SELECT s.settings FROM evaluation_settings s JOIN campaigns c ON c.id = s.campaign_id WHERE c.start_year <= \(bind: year) AND c.end_year >= \(bind: year) ORDER BY c.id DESC LIMIT 1"
            ).first(decodingColumn: "settings", as: String.self)
        else { return .standard }
        return try JSONDecoder().decode(EvaluationSettings.self, from: Data(json.utf8))
    }

    /// A campaign's own settings (the standard ones until the office sets them).
    static func settings(_ db: any SQLDatabase, campaignID: Int64) async throws -> EvaluationSettings {
        guard
            let json = try await db.raw("SELECT settings FROM evaluation_settings WHERE campaign_id = \(bind: campaignID)").first(
                decodingColumn: "settings", as: String.self)
        else { return .standard }
        return try JSONDecoder().decode(EvaluationSettings.self, from: Data(json.utf8))
    }

    /// Replaces a campaign's settings; false when there is no such campaign.
    static func saveSettings(_ db: any SQLDatabase, campaignID: Int64, json: String, by username: String, now: Int64) async throws -> Bool {
        guard try await db.raw("SELECT id FROM campaigns WHERE id = \(bind: campaignID)").first() != nil else { return false }
        try await db.raw("DELETE FROM evaluation_settings WHERE campaign_id = \(bind: campaignID)").run()
        try await db.insert(into: "evaluation_settings").columns("campaign_id", "settings", "updated_by", "updated_at")
            .values(SQLBind(campaignID), SQLBind(json), SQLBind(username), SQLBind(now)).run()
        return true
    }

    /// The events of some members with the points the rules give each, oldest first.
    static func entries(_ db: any SQLDatabase, memberIDs: [Int64], rules: [PointRule]) async throws -> [PointEntry] {
        var out: [PointEntry] = []
        for chunk in memberIDs.chunked(500) {
            out += try await db.raw(
                "SELECT p.*, m.name FROM point_events p JOIN members m ON m.id = p.member_id WHERE p.member_id IN (\(SQLList(chunk.map { SQLBind($0) }))) ORDER BY p.day, p.id"
            ).all().map { row in
                PointEntry(
                    id: try row.int64("id"), memberID: try row.int64("member_id"), memberName: try row.string("name"),
                    event: kind(try row.string("event")), day: try row.day("day"),
                    points: try row.decode(column: "manual_points", as: Int?.self) ?? 0, reason: try row.optionalString("reason"),
                    state: try row.string("state"),
                    proposedBy: try row.string("proposed_by"), approvedBy: try row.optionalString("approved_by"))
            }
        }
        // Rules apply per member, in date order, to the approved events only.
        for (_, indices) in Dictionary(grouping: out.indices.filter { out[$0].state == "approved" }, by: { out[$0].memberID }) {
            let events = indices.map { i in ledgerEvent(out[i].event, day: out[i].day, manualPoints: out[i].points) }
            for (i, p) in zip(indices, PointLedger.apply(events, rules: rules)) { out[i].points = p }
        }
        return out.sorted { ($0.day, $0.id) < ($1.day, $1.id) }
    }

    /// An event's kind as stored (an unknown name counts as a manual entry).
    static func kind(_ stored: String) -> PointEventKind { PointEventKind(rawValue: stored) ?? .manual }

    /// An event as the rules see it: a manual entry brings its own points, every other kind earns its rule's.
    static func ledgerEvent(_ kind: PointEventKind, day: CalendarDay, manualPoints: Int?) -> PointEvent {
        PointEvent(event: kind.rawValue, day: day, manualPoints: kind == .manual ? manualPoints ?? 0 : nil)
    }

    /// The members of a branch, by id.
    static func branchMembers(_ db: any SQLDatabase, branchID: Int64) async throws -> [(id: Int64, name: String)] {
        try await db.raw("SELECT id, name FROM members WHERE organization_id = \(bind: branchID) ORDER BY id").all().map {
            (try $0.int64("id"), try $0.string("name"))
        }
    }

    /// Records a manual entry awaiting its second person.
    static func propose(
        _ db: any SQLDatabase, memberID: Int64, points: Int, reason: String, day: CalendarDay, by username: String, now: Int64
    ) async throws
        -> Int64
    {
        let row = try await db.insert(into: "point_events")
            .columns("member_id", "event", "day", "manual_points", "reason", "state", "proposed_by", "at")
            .values(
                SQLBind(memberID), SQLBind(PointEventKind.manual.rawValue), SQLBind(day.description), SQLBind(points), SQLBind(reason),
                SQLBind("pending"), SQLBind(username), SQLBind(now)
            ).returning("id").first()
        guard let row else { throw VanguardError.conflict("加减分未能保存", "The entry was not saved") }
        return try row.int64("id")
    }

    /// A manual entry: whose, its state, who proposed it.
    static func manual(_ db: any SQLDatabase, id: Int64) async throws -> (memberID: Int64, state: String, proposedBy: String)? {
        guard let row = try await db.raw("SELECT member_id, state, proposed_by FROM point_events WHERE id = \(bind: id)").first() else { return nil }
        return (try row.int64("member_id"), try row.string("state"), try row.string("proposed_by"))
    }

    /// Approves or rejects a pending entry; false when it was decided already.
    static func decide(_ db: any SQLDatabase, id: Int64, approve: Bool, by username: String) async throws -> Bool {
        !(try await db.raw(
            "UPDATE point_events SET state = \(bind: approve ? "approved" : "rejected"), approved_by = \(bind: username) WHERE id = \(bind: id) AND state = 'pending' RETURNING id"
        ).all()).isEmpty
    }
}
