/// 组织树与党员: organizations, members, their import and export.
enum TreeCapability: StoreCapability {
    static let migrations: [any Migration] = [M001Foundation()]
}

extension Vanguard {
    public var organizations: OrganizationService { .init(backend: backend, time: time) }
    public var members: MemberService { .init(backend: backend, time: time) }
    public var spreadsheets: SpreadsheetService { .init(backend: backend, time: time) }
}
