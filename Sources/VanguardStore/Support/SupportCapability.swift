/// 督查帮扶: backward organizations and members with their pairings and ledgers, and the rectification
/// items every source of supervision shares.
enum SupportCapability: StoreCapability {
    static let migrations: [any Migration] = [
        M017Support(), M018ContactVisits(), M019Inspections(), M020SecretaryResponsibility(), M021Demonstration(), M022CommitmentRectifications(),
    ]
    static let projections: [any Projection] = [SupportProjection()]
}

extension Vanguard {
    public var backward: BackwardService { .init(backend: backend, time: time) }
    public var rectifications: RectificationService { .init(backend: backend, time: time) }
    public var visits: ContactVisitService { .init(backend: backend, time: time) }
    public var inspections: InspectionService { .init(backend: backend, time: time) }
    public var secretaries: SecretaryService { .init(backend: backend, time: time) }
    public var demonstrations: DemonstrationService { .init(backend: backend, time: time) }
    public var urbanRural: UrbanRuralService { .init(backend: backend, time: time) }
}
