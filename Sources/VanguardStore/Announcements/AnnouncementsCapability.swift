/// 通知公告: notices from an organization to those below it, with files and receipts.
enum AnnouncementsCapability: StoreCapability {
    static let migrations: [any Migration] = [M025Announcements()]
    static let projections: [any Projection] = []
}

extension Vanguard {
    public var announcements: AnnouncementService { .init(backend: backend, time: time) }
}
