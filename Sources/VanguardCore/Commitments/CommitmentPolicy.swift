/// 承诺上的权限: what a caller may do on one commitment now. The services enforce it and the
/// commitment page shows its buttons from it, so the two cannot disagree.
public struct CommitmentPolicy: Sendable, Hashable {
    public var state: CommitmentState
    public var kind: CommitmentKind
    /// The caller writes it: the member, her branch on her behalf, or the organization's officers.
    public var isAuthor: Bool
    /// The caller holds the review permission over the reviewing organization.
    public var holdsReview: Bool
    /// It is the caller's own commitment (nobody reviews their own).
    public var isOwn: Bool

    public init(state: CommitmentState, kind: CommitmentKind, isAuthor: Bool, holdsReview: Bool, isOwn: Bool) {
        self.state = state
        self.kind = kind
        self.isAuthor = isAuthor
        self.holdsReview = holdsReview
        self.isOwn = isOwn
    }

    /// The caller reviews it (and so urges and demands rectification).
    public var isReviewer: Bool { holdsReview && !isOwn }

    /// Whether the caller may take this step of the review cycle now (evaluation has pages of its own).
    public func may(_ action: CommitmentAction) -> Bool {
        guard action != .evaluate, CommitmentTransition.next(from: state, by: action) != nil else { return false }
        return action.byReviewer ? isReviewer : isAuthor
    }

    /// The steps of the review cycle the caller may take now.
    public var actions: [CommitmentAction] { CommitmentAction.allCases.filter(may) }

    /// 修改: a draft or a returned commitment, by its author.
    public var mayRevise: Bool { isAuthor && state.isEditable }

    /// 践诺进展: once published, until fulfilled, by its author.
    public var mayReport: Bool { isAuthor && Self.reportable.contains(state) }
    public static let reportable: Set<CommitmentState> = [.published, .inProgress, .overdue]

    /// 督促: a public commitment not yet fulfilled, by its reviewer.
    public var mayUrge: Bool { isReviewer && Self.urgeable(state) }
    public static func urgeable(_ state: CommitmentState) -> Bool { state.isPublic && state != .fulfilled && state != .evaluated }

    /// 长期承诺结转: a published long-term commitment, by its author (the round is checked when it is done).
    public var mayCarryForward: Bool { isAuthor && kind == .longTerm && state.isPublic }

    /// 整改落实: the author answers the reviewer's rectification demands.
    public var mayAnswerRectification: Bool { isAuthor }
}
