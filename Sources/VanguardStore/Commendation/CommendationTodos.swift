import SQLKit
import VanguardCore

/// 评选表彰待办 of an organization, for its office: nominations waiting at its level (to forward or return,
/// or — at the commending committee — to select), objections to its rounds not yet verified, and award
/// payments of its fund awaiting a second officer's approval.
public struct CommendationTodos: Sendable {
    public var nominations: [NominationRecord]
    public var objections: [ObjectionRecord]
    public var payments: [FundEntryRecord]

    public var total: Int { nominations.count + objections.count + payments.count }
}

extension CommendationService {
    /// Items of each list at most (more are reached from the rounds and the fund).
    static let todoLimit = 500

    /// The to-dos of an organization whose office the caller is (manages it); nil otherwise.
    static func todos(_ db: any SQLDatabase, org: OrganizationRecord, _ caller: Caller) async throws -> CommendationTodos? {
        guard caller.allows(.manageOrganizations, at: org.path), caller.allows(.readPrivate, at: org.path) else { return nil }
        return CommendationTodos(
            nominations: try await NominationRepository.query(
                db, "n.holder_id = \(bind: org.id) AND n.state = \(bind: NominationState.pending.rawValue)", limit: todoLimit, order: "n.id"),
            objections: try await NominationRepository.objectionQuery(
                db, "n.round_id IN (SELECT id FROM commendation_rounds WHERE organization_id = \(bind: org.id)) AND x.outcome IS NULL"),
            payments: try await FundRepository.entries(
                db, where: "s.organization_id = \(bind: org.id) AND e.state = 'pending' AND e.kind = 'payment'", limit: todoLimit))
    }
}
