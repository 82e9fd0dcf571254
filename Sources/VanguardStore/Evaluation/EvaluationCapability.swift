/// 评诺: leaders' comments, anonymous mass evaluation and year-end determination.
enum EvaluationCapability: StoreCapability {
    static let migrations: [any Migration] = [M004MassEvaluation(), M005Determination(), M006LeaderComments(), M010BallotKeys(), M016BallotBatches()]
}

extension Vanguard {
    public var massEvaluation: MassEvaluationService { .init(backend: backend, time: time, ballots: ballots, key: ballotKey) }
    public var determinations: DeterminationService { .init(backend: backend, time: time) }
    public var leaderComments: LeaderCommentService { .init(backend: backend, time: time) }
}
