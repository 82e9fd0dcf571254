import SQLKit
import VanguardCore

/// 党员页: a member, her moves between organizations, and the names of the organizations her
/// categories refer to (residence, inflow, outflow), read in one transaction.
public struct MemberProfile: Sendable {
    public let member: MemberRecord
    public let transfers: [TransferRecord]
    /// The names of the organizations the member's categories name, by id (a dissolved or missing one is absent).
    public let referencedNames: [Int64: String]
    /// Their codes, by id (what the edit form's pickers show).
    public let referencedCodes: [Int64: String]
    /// Whether the caller may see the member's full phone number.
    public let mayReadPrivate: Bool
    /// 荣誉: the titles she was given (and those revoked), newest first.
    public let titles: [NominationRecord]
}

extension MemberService {
    /// The member page's model in one read.
    public func profile(_ id: Int64, as caller: Caller) async throws -> MemberProfile {
        try await backend.read { db in
            guard let m = try await MemberRepository.get(db, id: id), caller.canSee(m.organizationPath) else { throw VanguardError.notFound(Self.what) }
            let c = m.draft.categories
            var names: [Int64: String] = [:]
            var codes: [Int64: String] = [:]
            for ref in [c.residenceOrganizationID, c.inflowOrganizationID, c.outflowOrganizationID].compactMap({ $0 }) where names[ref] == nil {
                if let org = try await OrganizationRepository.get(db, id: ref) { (names[ref], codes[ref]) = (org.name, org.code) }
            }
            return MemberProfile(
                member: m, transfers: try await MemberRepository.transfers(db, memberID: m.id), referencedNames: names, referencedCodes: codes,
                mayReadPrivate: mayReadPrivate(m, as: caller), titles: try await NominationRepository.titles(db, organizationID: nil, memberID: m.id))
        }
    }
}
