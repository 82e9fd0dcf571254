import SQLKit
import VanguardCore

/// 组织页: what an organization's page shows — the organization, the way up to it, its children, one
/// page of its members, and its plan in the current campaign — read in one transaction.
public struct OrganizationOverview: Sendable {
    public let organization: OrganizationRecord
    /// Its ancestors the caller can see, root first.
    public let ancestors: [OrganizationRecord]
    public let children: [OrganizationRecord]
    public let members: [MemberRecord]
    /// The current campaign (the first one set up), if any, and this organization's plan in it.
    public let campaign: CampaignRecord?
    public let plan: OrganizationPlan?
    /// 书记抓、抓书记: its secretary's duties and, for private readers, the superior's reviews.
    public let secretary: SecretaryDesk
    /// 荣誉: the titles it was given (and those revoked, with the criticism), newest first.
    public let titles: [NominationRecord]
}

extension OrganizationService {
    /// The organization page's model in one read: `memberOffset` and `memberLimit` page its members.
    public func overview(_ id: Int64, memberLimit: Int, memberOffset: Int, as caller: Caller) async throws -> OrganizationOverview {
        try await backend.read { db in
            let org = try await OrganizationRepository.visible(db, id: id, to: caller, what: Self.what)
            let campaign = try await CampaignRepository.all(db).first
            var plan: OrganizationPlan?
            if let campaign { plan = try await CampaignRepository.plan(db, campaignID: campaign.id, organizationID: org.id) }
            return OrganizationOverview(
                organization: org,
                ancestors: try await OrganizationRepository.ancestors(db, of: org.path).filter { caller.canSee($0.path) },
                children: try await OrganizationRepository.children(db, of: org.id),
                members: try await MemberRepository.list(db, organizationID: org.id, limit: memberLimit, offset: memberOffset),
                campaign: campaign, plan: plan, secretary: try await SecretaryService.desk(db, org, caller),
                titles: try await NominationRepository.titles(db, organizationID: org.id, memberID: nil))
        }
    }
}

extension OrganizationService {
    /// The organization of each of the caller's grants, by id; one she can no longer see (or dissolved) is absent.
    static func grantOrganizations(_ db: any SQLDatabase, _ caller: Caller) async throws -> [Int64: OrganizationRecord] {
        var granted: [Int64: OrganizationRecord] = [:]
        for grant in caller.scope.grants where granted[grant.organizationID] == nil {
            if let org = try await OrganizationRepository.get(db, id: grant.organizationID), caller.canSee(org.path), !org.dissolved {
                granted[org.id] = org
            }
        }
        return granted
    }
}
