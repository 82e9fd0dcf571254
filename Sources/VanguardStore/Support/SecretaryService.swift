import SQLKit
import VanguardCore

/// 书记抓、抓书记 of one organization: its secretary's duty list, and — for those who read private data —
/// the superior's reviews; whether the caller may record one.
public struct SecretaryDesk: Sendable {
    public var duties: [String]
    /// nil for a caller who may not see them.
    public var reviews: [SecretaryReviewRecord]?
    public var mayReview: Bool
}

/// 书记抓、抓书记: the level above records how an organization's secretary performed, and holds her
/// accountable where leadership was poor; these are seen by those who read private data there.
public struct SecretaryService: Sendable {
    let backend: any DatabaseBackend
    let time: any TimeSource

    /// Only the organizations above it review a secretary: their officers who manage organizations.
    static func mayReview(_ org: OrganizationRecord, _ caller: Caller) -> Bool {
        guard org.parentID != nil else { return false }
        return caller.isSystem || caller.scope.allowsAbove(.manageOrganizations, at: org.path)
    }

    static func desk(_ db: any SQLDatabase, _ org: OrganizationRecord, _ caller: Caller) async throws -> SecretaryDesk {
        SecretaryDesk(
            duties: try await SecretaryRepository.duties(db, kind: org.kind),
            reviews: caller.allows(.readPrivate, at: org.path) ? try await SecretaryRepository.reviews(db, organizationID: org.id) : nil,
            mayReview: mayReview(org, caller))
    }

    public func desk(organizationID: Int64, as caller: Caller) async throws -> SecretaryDesk {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            return try await Self.desk(db, org, caller)
        }
    }

    /// Records a performance review or an accountability record of the organization's secretary this year.
    public func review(
        organizationID: Int64, kind: SecretaryReviewKind, rating: SecretaryRating?, text: String, measure: String, as caller: Caller
    ) async throws -> SecretaryReviewRecord {
        let now = time.nowMillis()
        let year = time.today().year
        let id = try await backend.write { db in
            let org = try await OrganizationRepository.visible(db, id: organizationID, to: caller, what: OrganizationService.what)
            guard Self.mayReview(org, caller) else {
                throw VanguardError(.forbidden, .init("只有上级党组织可以评价或问责本组织书记", "Only the organizations above review its secretary"))
            }
            try SecretaryResponsibility.check(kind: kind, rating: rating, text: text, measure: measure)
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let id = try await SecretaryRepository.insert(
                db, organizationID: org.id, year: year, kind: kind, rating: kind == .performance ? rating : nil, text: trimmed,
                measure: kind == .accountability ? measure.trimmingCharacters(in: .whitespacesAndNewlines) : "", by: caller.username, now: now)
            try await WritePath.record(
                db,
                .init(
                    at: now, actor: caller.username, action: "secretary.\(kind.rawValue)", targetType: "organization", targetID: org.id,
                    summary: "\(org.name)书记\(kind.name.zh)：\(trimmed.prefix(100))"))
            return id
        }
        return try await backend.read { db in try await SecretaryRepository.reviews(db, organizationID: organizationID).first { $0.id == id }! }
    }
}
