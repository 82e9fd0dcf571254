/// 公开承诺 (定诺→审诺→亮诺): commitments, their review, focus areas, the ledger, branch meetings and exemptions, supervision and reminders.
enum CommitmentsCapability: StoreCapability {
    static let migrations: [any Migration] = [M002Commitments()]
}

extension Vanguard {
    public var commitments: CommitmentService { .init(backend: backend, time: time) }
    public var reminders: ReminderService { .init(backend: backend, time: time) }
    public var branches: BranchService { .init(backend: backend, time: time) }
    public var ledger: LedgerService { .init(backend: backend, time: time) }
    public var supervision: SupervisionService { .init(backend: backend, time: time) }
    public var focusAreas: FocusAreaService { .init(backend: backend, time: time) }
}
