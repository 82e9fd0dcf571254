import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// The steps after 审诺 on the commitment page — progress with evidence, revising, urging,
/// rectification, carrying forward — plus a draft made on someone's behalf and the inbox.
struct FulfilmentPages {
    let vanguard: Vanguard
    let views: Views

    /// The multipart form of a progress report.
    struct Report: Decodable {
        let item: String?
        let text: String?
        let fulfils: String?
        let version: String?
        let files: [UploadedFile]?
    }

    struct NoteView: Sendable { let text: String; let at: String; let url: String?; let read: Bool }
    struct InboxModel: Sendable { let frame: PageFrame; let notes: [NoteView] }

    func register(on router: Router<AppRequestContext>) {
        // 代为录入 (an oral commitment on a member's behalf) and 本组织定诺.
        router.get(WebRoute.newCommitment.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let q = request.uri.queryParameters
            var title: String
            var hidden: (String, String)
            var places: [OrganizationRecord] = []
            var focus: [String] = []
            if let id = q["organizationId"].flatMap({ Int64(String($0)) }) {
                let org = try await vanguard.organizations.get(id, as: caller)
                title = t["orgCommitment"] + "：" + org.name
                hidden = ("organizationId", String(org.id))
                focus = try await vanguard.commitments.focusAreas(sector: org.sector, audience: "organization")
            } else if let id = q["memberId"].flatMap({ Int64(String($0)) }) {
                let m = try await vanguard.members.get(id, as: caller)
                title = t["onBehalfOf"] + "：" + m.draft.name
                hidden = ("memberId", String(m.id))
                places = try await vanguard.commitments.places(ofMember: m.id)
                if let first = places.first { focus = try await vanguard.commitments.focusAreas(forMember: m.id, at: first) }
            } else {
                throw VanguardError.invalid("缺少承诺主体", "memberId or organizationId is required", field: "memberId")
            }
            var model = CommitmentPages.ListModel(
                frame: PageFrame(context, title: title, path: WebURL.newCommitmentForm), title: title, rows: [], canDraft: true,
                year: vanguard.time.today().year,
                places: places.map { .init(value: String($0.id), label: $0.name) },
                kinds: [CommitmentKind.annual, .longTerm, .immediate].map { .init(value: $0.rawValue, label: $0.name.text(english: english)) },
                focusAreas: focus, itemRows: (0..<CommitmentPages.itemRows).map { .init(index: $0, number: $0 + 1) })
            model.hidden = .init(name: hidden.0, value: hidden.1)
            return views.render("commitments", model)
        }
        router.post(WebRoute.commitmentProgress.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await MultipartForm.read(
                Report.self, request, context: context, limitText: .init("一次上传的文件合计不能超过20MB", "All files together may not exceed 20 MB"))
            let files = (form.files ?? []).filter { !$0.isEmpty }.map { EvidenceUpload(name: $0.filename, bytes: Array(buffer: $0.bytes)) }
            let c = try await vanguard.fulfilment.report(
                try context.id(), itemPosition: form.item.flatMap { Int($0) }, text: form.text ?? "", fulfils: ["1", "on"].contains(form.fulfils ?? ""),
                files: files, expectedVersion: form.version.flatMap { Int64($0) }, as: caller)
            return redirect(WebURL.commitment(c.id))
        }
        router.get(WebRoute.evidence.path) { _, context in
            let (file, bytes) = try await vanguard.fulfilment.evidence(try context.id(), as: try context.requireCaller())
            var headers = HTTPFields()
            headers[.contentType] = file.contentType
            // Images open in the page; anything else downloads under its own name.
            let encoded = file.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
            headers[.contentDisposition] = (file.contentType.hasPrefix("image/") ? "inline" : "attachment") + "; filename*=UTF-8''\(encoded)"
            headers[.init("X-Content-Type-Options")!] = "nosniff"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.post(WebRoute.commitmentItems.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let items = try CommitmentPages.items(from: form, rows: CommitmentContent.maximumItems)
            let c = try await vanguard.commitments.updateItems(try context.id(), items: items, expectedVersion: try form.id("version", "版本"), as: caller)
            return redirect(WebURL.commitment(c.id))
        }
        router.post(WebRoute.commitmentUrge.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            try await vanguard.reminders.urge(id, note: form["note"], as: caller)
            return redirect(WebURL.commitment(id))
        }
        router.post(WebRoute.commitmentRectify.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let c = try await vanguard.commitments.get(try context.id(), as: caller)
            guard let deadline = CalendarDay(parsing: form["deadline"]) else {
                throw VanguardError.invalid("请填写整改期限", "Enter the deadline", field: "deadline")
            }
            _ = try await vanguard.supervision.record(
                organizationID: c.organizationID, kind: .rectification, heldOn: vanguard.time.today(), findings: form["findings"], urged: nil,
                commitmentID: c.id, deadline: deadline, as: caller)
            return redirect(WebURL.commitment(c.id))
        }
        router.post(WebRoute.resolveSupervision.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let r = try await vanguard.supervision.resolve(try context.id(), response: form["response"], as: caller)
            return redirect(r.commitmentID.map(WebURL.commitment) ?? WebURL.home)
        }
        router.post(WebRoute.carryForward.path) { request, context in
            let caller = try context.requireCaller()
            let c = try await vanguard.commitments.carryForward(try context.id(), as: caller)
            return redirect(WebURL.commitment(c.id))
        }
        router.get(WebRoute.inbox.path) { _, context in
            let caller = try context.requireCaller()
            let notes = try await vanguard.reminders.inbox(as: caller).map {
                NoteView(text: $0.text, at: MemberPage.formatTime($0.createdAt), url: $0.commitmentID.map(WebURL.commitment), read: $0.read)
            }
            let title = Strings.text(english: context.english)["inbox"]
            return views.render("inbox", InboxModel(frame: PageFrame(context, title: title, path: WebURL.inbox), notes: notes))
        }
        router.post(WebRoute.inboxRead.path) { request, context in
            let caller = try context.requireCaller()
            try await vanguard.reminders.markAllRead(as: caller)
            return redirect(WebURL.inbox)
        }
    }
}
