/// 统计: counters rolled up the tree, dashboards, reports and `vanguard verify`.
enum StatisticsCapability: StoreCapability {
    static let migrations: [any Migration] = [M009Statistics(), M012CoverageAtHome()]
    static let projections: [any Projection] = [StatisticsProjection()]
}

extension Vanguard {
    public var statistics: StatisticsService { .init(backend: backend, time: time) }
    public var verifier: CounterVerifier { .init(backend: backend) }
}
