/// 写入路径的变更: the subjects whose facts a command is about to change. A command names them before it
/// writes; every projection reads what they contribute before and after, and adds the difference, in
/// the command's transaction (see `WritePath.changing`).
public struct Changes: Sendable, Hashable {
    /// Commitments (their state, items and fulfilment).
    public var commitments: Set<Int64> = []
    /// Members (where they belong, their exemptions, their manual points).
    public var members: Set<Int64> = []
    /// Determinations (认定), by subject and year.
    public var determinations: Set<DeterminationSubject> = []
    /// Rounds of mass evaluation whose counted ballots change (a batch folded in).
    public var ballotCounts: Set<Int64> = []
    /// Rounds of mass evaluation whose results change (closed).
    public var roundResults: Set<Int64> = []
    /// Backward designations (后进认定: designated, paired, lifted).
    public var designations: Set<Int64> = []
    /// Rectification items (整改事项: their state and whether overdue).
    public var rectifications: Set<Int64> = []
    /// Contact-point visits (调研指导, counted by quarter).
    public var visits: Set<Int64> = []
    /// Inspections recorded (巡回检查, counted by quarter).
    public var inspections: Set<Int64> = []
    /// Nominations (推荐对象: their state — nominated, on notice, commended, revoked).
    public var nominations: Set<Int64> = []
    /// Award-fund entries (基石工程: money received, awards paid and reclaimed).
    public var fundEntries: Set<Int64> = []
    /// Report calls (报送任务) whose reports are made, all at once.
    public var reportCalls: Set<Int64> = []
    /// Reports (进展情况报告、总结: submitted, accepted, returned).
    public var workReports: Set<Int64> = []
    /// Organizations whose own record changed (dissolved, or their sector): what is counted from it follows.
    public var organizations: Set<Int64> = []

    public init(
        commitments: Set<Int64> = [], members: Set<Int64> = [], determinations: Set<DeterminationSubject> = [], ballotCounts: Set<Int64> = [],
        roundResults: Set<Int64> = [], designations: Set<Int64> = [], rectifications: Set<Int64> = [],
        visits: Set<Int64> = [], inspections: Set<Int64> = [], nominations: Set<Int64> = [],
        fundEntries: Set<Int64> = [], reportCalls: Set<Int64> = [], workReports: Set<Int64> = [], organizations: Set<Int64> = []
    ) {
        self.reportCalls = reportCalls
        self.workReports = workReports
        self.organizations = organizations
        self.nominations = nominations
        self.fundEntries = fundEntries
        self.visits = visits
        self.inspections = inspections
        self.designations = designations
        self.rectifications = rectifications
        self.commitments = commitments
        self.members = members
        self.determinations = determinations
        self.ballotCounts = ballotCounts
        self.roundResults = roundResults
    }

    public static func commitments(_ ids: Int64...) -> Changes { Changes(commitments: Set(ids)) }
    public static func members(_ ids: [Int64]) -> Changes { Changes(members: Set(ids)) }
}

/// Whose determination of which year: an organization's (member nil) or one of its members'.
public struct DeterminationSubject: Sendable, Hashable {
    public var organizationID: Int64
    public var memberID: Int64?
    public var year: Int
}
