import Hummingbird
import VanguardCore
import VanguardStore

/// 通知公告 on the web: an organization's notices received and sent, the form that sends one with files,
/// and a notice with its receipt button and, for the sender, who has signed and who has not.
enum AnnouncementsCapability: WebCapability {
    static let routes: [WebRoute] = [.announcements, .announcement, .announcementReceipt, .announcementFile]
    static var strings: Strings.Catalog { Strings.announcements }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        AnnouncementPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    /// An organization's notices (GET, `?unsigned=1`: only those it has not signed) and a new one (POST, multipart).
    static let announcements = WebRoute("/organizations/:id/announcements")
    /// One notice.
    static let announcement = WebRoute("/announcements/:id")
    /// 签收 (POST, `organization`).
    static let announcementReceipt = WebRoute("/announcements/:id/receipt")
    /// A notice's file.
    static let announcementFile = WebRoute("/announcement-files/:id")
}

extension WebURL {
    static func announcements(_ id: Int64, unsigned: Bool = false) -> String { WebRoute.announcements.url(id) + (unsigned ? "?unsigned=1" : "") }
    static func announcement(_ id: Int64) -> String { WebRoute.announcement.url(id) }
    static func announcementReceipt(_ id: Int64) -> String { WebRoute.announcementReceipt.url(id) }
    static func announcementFile(_ id: Int64) -> String { WebRoute.announcementFile.url(id) }
}
