import Foundation

/// 领导点评的关系: who comments on whom is derived, not typed in [DOMAIN §3.1].
public enum CommentRelation: String, Sendable, CaseIterable, Codable {
    /// 支部书记点评每名党员.
    case branchSecretary = "branch_secretary"
    /// 党委（总支）班子成员点评所属党组织.
    case leadership
    /// 县级领导干部点评其联系点.
    case contactPoint = "contact_point"
    /// 县级领导干部点评其分管（督导）单位.
    case supervisedUnit = "supervised_unit"

    public var name: Bilingual {
        switch self {
        case .branchSecretary: .init("支部书记点评党员", "Branch secretary on a member")
        case .leadership: .init("班子成员点评所属组织", "Leadership on an organization under it")
        case .contactPoint: .init("领导干部点评联系点", "Leading cadre on a contact point")
        case .supervisedUnit: .init("领导干部点评分管单位", "Leading cadre on a supervised unit")
        }
    }

    /// Whether each leader owes their own comment (a personal link), rather than the organization
    /// owing one comment on each subject.
    public var personal: Bool { self == .contactPoint || self == .supervisedUnit }
}

/// Who a comment is about: a member of a branch, or an organization under its superior.
public enum CommentSubject: Sendable, Hashable {
    case member(id: Int64, branchID: Int64)
    case organization(id: Int64, parentID: Int64?)
}

/// What the system knows of a would-be commenter.
public struct Commenter: Sendable, Hashable {
    public var memberID: Int64?
    /// Branches whose secretary this person is (by the member's flag or a secretary's role grant).
    public var secretaryOf: Set<Int64>
    /// Organizations in whose leadership (班子) this person sits.
    public var leadershipOf: Set<Int64>
    /// The leader's contact points and supervised units (领导干部联系点).
    public var contactPoints: Set<Int64>
    public var supervisedUnits: Set<Int64>

    public init(
        memberID: Int64?, secretaryOf: Set<Int64> = [], leadershipOf: Set<Int64> = [], contactPoints: Set<Int64> = [], supervisedUnits: Set<Int64> = []
    ) {
        self.memberID = memberID
        self.secretaryOf = secretaryOf
        self.leadershipOf = leadershipOf
        self.contactPoints = contactPoints
        self.supervisedUnits = supervisedUnits
    }
}

/// 点评内容: affirmed achievements, problems, direction, and a grade [issue 4].
public struct LeaderCommentDraft: Sendable, Hashable, Codable {
    public var achievements: String
    public var problems: String
    public var direction: String
    public var grade: EvaluationGrade

    public init(achievements: String, problems: String, direction: String, grade: EvaluationGrade) {
        self.achievements = achievements
        self.problems = problems
        self.direction = direction
        self.grade = grade
    }
}

public enum LeaderCommentRule {
    /// The relation under which `commenter` comments on `subject`, or nil if they may not. A personal
    /// link (contact point, supervised unit) comes before the leadership's duty; nobody comments on
    /// themselves.
    public static func relation(of commenter: Commenter, to subject: CommentSubject) -> CommentRelation? {
        switch subject {
        case .member(let id, let branchID):
            guard commenter.memberID != id, commenter.secretaryOf.contains(branchID) else { return nil }
            return .branchSecretary
        case .organization(let id, let parentID):
            if commenter.contactPoints.contains(id) { return .contactPoint }
            if commenter.supervisedUnits.contains(id) { return .supervisedUnit }
            if let parentID, commenter.leadershipOf.contains(parentID) { return .leadership }
            return nil
        }
    }

    /// Trims the texts and checks each is there and not too long.
    public static func checked(_ d: LeaderCommentDraft) throws -> LeaderCommentDraft {
        var out = d
        for (label, field, path) in [
            (Bilingual("肯定成绩", "Achievements"), "achievements", \LeaderCommentDraft.achievements),
            (Bilingual("指出问题", "Problems"), "problems", \LeaderCommentDraft.problems),
            (Bilingual("明确方向", "Direction"), "direction", \LeaderCommentDraft.direction),
        ] {
            let text = d[keyPath: path]
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty, t.count <= 1000 else {
                throw VanguardError.invalid("请填写“\(label.zh)”（不超过1000字）", "\(label.en) is required (at most 1000 characters)", field: field)
            }
            out[keyPath: path] = t
        }
        return out
    }
}
