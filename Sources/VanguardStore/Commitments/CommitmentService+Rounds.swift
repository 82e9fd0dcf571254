import SQLKit
import VanguardCore

/// 轮次与提醒: carrying a long-term commitment into the next round, and telling people what happened
/// to their commitments (kept apart so `CommitmentService` reads as the five steps).
extension CommitmentService {
    /// 长期承诺结转: carries a published long-term commitment of an earlier round into the current
    /// one, at the author's request; it goes to the reviewer again as submitted.
    public func carryForward(_ id: Int64, as caller: Caller) async throws -> CommitmentRecord {
        let now = time.nowMillis()
        let today = time.today()
        let newID = try await backend.write { db in
            let c = try await Self.visible(db, id: id, caller)
            guard try await Self.policy(db, c, caller).isAuthor else {
                throw VanguardError(.forbidden, .init("只有承诺人可以结转承诺", "Only the author may carry it forward"))
            }
            let round = try await CampaignRepository.round(db, on: today)
            try CommitmentRound.checkCarryForward(kind: c.kind, state: c.state, fromRound: c.round, toRound: round)
            let memberID: Int64? = if case .member(let m) = c.subject { m } else { nil }
            if try await CommitmentRepository.hasLive(db, memberID: memberID, organizationID: c.organizationID, round: round, kind: .longTerm) {
                throw VanguardError.conflict("本轮已有长期承诺", "There is a long-term commitment in this round already")
            }
            // The promises go on; a deadline already behind us moves to the end of this year.
            let endOfYear = CalendarDay(year: today.year, month: 12, day: 31)!
            let items = c.items.map { i in
                var d = i.draft
                if d.deadline < today { d.deadline = endOfYear }
                return d
            }
            let newID = try await CommitmentRepository.insert(
                db, year: today.year, round: round, kind: .longTerm, subject: c.subject, organizationID: c.organizationID,
                reviewerOrganizationID: c.reviewerOrganizationID, higherStandard: c.higherStandard, items: items, author: caller.username, now: now,
                state: .submitted, carriedFrom: c.id)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "commitment.carry_forward", targetType: "commitment", targetID: newID,
                    summary: "结转自承诺 #\(c.id)（第\(c.round)轮 → 第\(round)轮）", tells: [.carriedForward(c, newID: newID, round: round)]))
            return newID
        }
        return try await get(newID, as: caller)
    }
}
