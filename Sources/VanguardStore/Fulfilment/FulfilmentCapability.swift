/// 践诺: progress with evidence, fulfilment and rectification.
enum FulfilmentCapability: StoreCapability {
    static let migrations: [any Migration] = [M003Fulfilment()]
}

extension Vanguard {
    public var fulfilment: FulfilmentService { .init(backend: backend, time: time) }
}
