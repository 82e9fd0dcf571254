/// 审诺: an organization's commitment is reviewed by its superior organization; a member's by the
/// organization the member belongs to (their branch). Nobody approves their own commitment.
public enum CommitmentReview {
    /// The reviewing organization, or an error for a top-level organization, which has no superior here.
    public static func reviewer(forOrganizationAt path: TreePath) throws -> Int64 {
        guard let parent = path.ancestorIDs.last else {
            throw VanguardError.invalid("顶级党组织没有上级组织审核其承诺", "A top-level organization has no superior here to review its commitment", field: "organizationId")
        }
        return parent
    }

    /// Refuses a review by the person whose commitment it is.
    public static func checkNotOwn(reviewerMemberID: Int64?, subject: CommitmentSubject) throws {
        if case .member(let id) = subject, reviewerMemberID == id {
            throw VanguardError(.forbidden, .init("不能审核自己的承诺", "Nobody may review their own commitment"))
        }
    }
}

/// 谁必须承诺: leaders and secretaries must, to a higher standard; retired and elderly members may
/// (or, with the branch's consent, be exempted); everyone else must [DOMAIN §1.2, §2].
public enum CommitmentObligation: Sendable, Equatable {
    case required(higherStandard: Bool)
    case voluntary
    case exempted

    public static func of(_ c: MemberCategories, exempted: Bool) -> CommitmentObligation {
        if c.higherStandard { return .required(higherStandard: true) }
        if exempted && c.voluntary { return .exempted }
        return c.voluntary ? .voluntary : .required(higherStandard: false)
    }

    /// Where a member commits: in the organization they belong to — for a floating member the
    /// inflow organization (流入地) — and, for an in-service member, also at the residence organization.
    /// A member without a post must be given one first (设岗定责, then 依岗承诺).
    public static func places(memberOrganizationID: Int64, categories c: MemberCategories) throws -> [Int64] {
        if c.withoutPost && (c.assignedPost ?? "").isEmpty {
            throw VanguardError.invalid("无职党员须先设岗定责，再依岗承诺", "A member without a post needs an assigned post before committing", field: "assignedPost")
        }
        var out = [c.floating ? (c.inflowOrganizationID ?? memberOrganizationID) : memberOrganizationID]
        if c.inService, let residence = c.residenceOrganizationID, !out.contains(residence) { out.append(residence) }
        return out
    }
}
