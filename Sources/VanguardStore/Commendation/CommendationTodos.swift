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

    /// Whether the caller is the organization's office (its to-dos are hers).
    static func keepsTodos(_ caller: Caller, _ org: OrganizationRecord) -> Bool {
        caller.allows(.manageOrganizations, at: org.path) && caller.allows(.readPrivate, at: org.path)
    }

    /// The workbench's count of them; nil where the caller is not the office.
    static func todoCount(_ db: any SQLDatabase, org: OrganizationRecord, _ caller: Caller) async throws -> Int? {
        keepsTodos(caller, org) ? try await NominationRepository.todoCount(db, organizationID: org.id) : nil
    }

    /// The to-dos of an organization whose office the caller is (manages it); nil otherwise.
    static func todos(_ db: any SQLDatabase, org: OrganizationRecord, _ caller: Caller) async throws -> CommendationTodos? {
        guard keepsTodos(caller, org) else { return nil }
        return CommendationTodos(
            nominations: try await NominationRepository.pending(db, holder: org.id, limit: todoLimit),
            objections: try await NominationRepository.openObjections(db, committee: org.id),
            payments: try await FundRepository.pendingPayments(db, organizationID: org.id, limit: todoLimit))
    }
}
