/// 典型宣传: stories of exemplary organizations and members on the public campaign page.
enum ExemplarsCapability: StoreCapability {
    static let migrations: [any Migration] = [M026Exemplars(), M031CandidateIndex()]
    static let projections: [any Projection] = []
}

extension Vanguard {
    public var exemplars: ExemplarService { .init(backend: backend, time: time) }
}
