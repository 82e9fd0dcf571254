/// 百分制考评: scoring sheets against the campaign's outlines.
enum ScoringCapability: StoreCapability {
    static let migrations: [any Migration] = [M008ScoringSheets()]
}

extension Vanguard {
    public var scoring: ScoringService { .init(backend: backend, time: time) }
}
