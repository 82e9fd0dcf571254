import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 通知公告 pages: the organization's box (received, unsigned first; sent, with receipts counted; the form)
/// and one notice.
struct AnnouncementPages {
    let vanguard: Vanguard
    let views: Views

    /// The multipart form of a new notice.
    struct Compose: Decodable {
        let title: String?
        let body: String?
        let audience: String?
        let organizations: [String]?
        let codes: String?
        let files: [UploadedFile]?
    }

    struct Item: Sendable {
        let url: String; let title: String; let from: String; let at: String; let signed: Bool; let signedBy: String?
    }
    struct SentItem: Sendable { let url: String; let title: String; let audience: String; let at: String; let signed: String }
    struct Option: Sendable { let value: String; let label: String }
    struct BoxModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let received: [Item]; let unsigned: Int
        let unsignedOnly: Bool; let filterURL: String; let readsSent: Bool; let sent: [SentItem]; let maySend: Bool; let audiences: [Option];
        let children: [Option]
        let actionURL: String
    }
    struct FileItem: Sendable { let url: String; let name: String; let size: String }
    struct MineItem: Sendable { let organizationID: Int64; let name: String; let signed: String?; let signAction: String? }
    struct ReceiptItem: Sendable { let name: String; let by: String; let at: String }
    struct Tally: Sendable {
        let recipients: Int; let signed: Int; let receipts: [ReceiptItem]; let unsigned: [String]; let more: Bool
    }
    struct DetailModel: Sendable {
        let frame: PageFrame; let title: String; let from: String; let fromURL: String?; let at: String; let audience: String; let paragraphs: [String]
        let files: [FileItem]; let mine: [MineItem]; let tally: Tally?
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1_048_576 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : "\(max(1, bytes / 1024)) KB"
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.announcements.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let unsignedOnly = request.uri.queryParameters["unsigned"] == "1"
            let box = try await vanguard.announcements.box(organizationID: id, unsignedOnly: unsignedOnly, as: caller)
            let model = BoxModel(
                frame: PageFrame(context, title: box.organization.name + " · " + t["announcements"], path: WebURL.announcements(id), organization: id),
                organizationName: box.organization.name, organizationURL: WebURL.organization(id),
                received: box.received.map {
                    Item(
                        url: WebURL.announcement($0.announcement.id), title: $0.announcement.title, from: $0.announcement.organizationName,
                        at: MemberPage.formatTime($0.announcement.at), signed: $0.receipt != nil, signedBy: $0.receipt?.signedBy)
                }, unsigned: box.unsigned, unsignedOnly: unsignedOnly, filterURL: WebURL.announcements(id, unsigned: !unsignedOnly),
                readsSent: box.sent != nil,
                sent: (box.sent ?? []).map {
                    SentItem(
                        url: WebURL.announcement($0.announcement.id), title: $0.announcement.title, audience: $0.announcement.audience.name.text(english: e),
                        at: MemberPage.formatTime($0.announcement.at), signed: String($0.signed))
                }, maySend: box.maySend,
                audiences: AnnouncementAudience.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: e)) },
                children: box.children.map { Option(value: String($0.id), label: $0.name) },
                actionURL: WebURL.announcements(id))
            return views.render("announcements", model)
        }
        router.post(WebRoute.announcements.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.announcements.requireSender(organizationID: id, as: caller)  // refused before the body is read
            let form = try await MultipartForm.read(
                Compose.self, request, context: context, limitText: .init("附件合计不能超过20MB", "All files together may not exceed 20 MB"))
            guard let audience = AnnouncementAudience(rawValue: form.audience ?? "") else {
                throw VanguardError.invalid("请选择发送范围", "Choose whom to send it to", field: "audience")
            }
            var chosen: [Int64] = []
            var codes: [String] = []
            if audience == .chosen {
                for v in form.organizations ?? [] {
                    guard let n = Int64(v), n > 0 else { throw VanguardError.invalid("接收组织不正确", "An organization is not valid", field: "organizations") }
                    chosen.append(n)
                }
                codes = (form.codes ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            guard chosen.count + codes.count <= AnnouncementRules.maximumChosen else {
                throw VanguardError.invalid(
                    "指定组织最多\(AnnouncementRules.maximumChosen)个", "At most \(AnnouncementRules.maximumChosen) organizations", field: "codes")
            }
            let files = UploadedFile.uploads(form.files)
            let new = try await vanguard.announcements.send(
                organizationID: id, title: form.title ?? "", body: form.body ?? "", audience: audience, chosen: chosen, codes: codes, files: files,
                as: caller)
            return redirect(WebURL.announcement(new))
        }
        router.get(WebRoute.announcement.path) { _, context in
            let caller = try context.requireCaller()
            let e = context.english
            let id = try context.id()
            let d = try await vanguard.announcements.detail(id, as: caller)
            let a = d.announcement
            let model = DetailModel(
                frame: PageFrame(context, title: a.title, path: WebURL.announcement(id)), title: a.title, from: a.organizationName,
                fromURL: d.senderVisible ? WebURL.organization(a.organizationID) : nil, at: MemberPage.formatTime(a.at),
                audience: a.audience.name.text(english: e),
                paragraphs: a.body.split(whereSeparator: \.isNewline).map(String.init),
                files: d.files.map { FileItem(url: WebURL.announcementFile($0.id), name: $0.name, size: Self.size($0.size)) },
                mine: d.mine.map {
                    MineItem(
                        organizationID: $0.organization.id, name: $0.organization.name,
                        signed: $0.receipt.map { "\($0.signedBy) · \(MemberPage.formatTime($0.at))" },
                        signAction: $0.receipt == nil && $0.maySign ? WebURL.announcementReceipt(id) : nil)
                },
                tally: d.tally.map {
                    Tally(
                        recipients: $0.recipients, signed: $0.signed,
                        receipts: $0.receipts.map { ReceiptItem(name: $0.organizationName, by: $0.signedBy, at: MemberPage.formatTime($0.at)) },
                        unsigned: $0.unsigned.map(\.name), more: $0.unsigned.count >= AnnouncementService.tallyLimit)
                })
            return views.render("announcement", model)
        }
        router.post(WebRoute.announcementReceipt.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.announcements.requireVisible(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            try await vanguard.announcements.sign(id, organizationID: try form.id("organization", "签收组织"), as: caller)
            return redirect(WebURL.announcement(id))
        }
        router.get(WebRoute.announcementFile.path) { _, context in
            let (file, bytes) = try await vanguard.announcements.file(try context.id(), as: try context.requireCaller())
            return Download.stored(file, bytes)
        }
    }
}
