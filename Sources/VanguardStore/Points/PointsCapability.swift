/// 积分与星级: point events, yearly totals and stars under the year's rules.
enum PointsCapability: StoreCapability {
    static let migrations: [any Migration] = [M007Points(), M015PointsFollowFacts()]
    static let projections: [any Projection] = [PointsProjection()]
}

extension Vanguard {
    public var points: PointService { .init(backend: backend, time: time) }
}
