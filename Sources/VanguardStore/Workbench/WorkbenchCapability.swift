/// 工作台: each user's to-do counts and watched figures, read from the other capabilities' data.
enum WorkbenchCapability: StoreCapability {}

extension Vanguard {
    public var workbench: WorkbenchService { .init(backend: backend, time: time) }
}
