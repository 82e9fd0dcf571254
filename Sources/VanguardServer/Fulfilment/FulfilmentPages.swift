import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// The steps after 审诺 on the commitment page: progress with evidence, revising, urging,
/// rectification, carrying forward.
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

    func register(on router: Router<AppRequestContext>) {
        router.post(WebRoute.commitmentProgress.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await MultipartForm.read(
                Report.self, request, context: context, limitText: .init("一次上传的文件合计不能超过20MB", "All files together may not exceed 20 MB"))
            let files = UploadedFile.uploads(form.files)
            let c = try await vanguard.fulfilment.report(
                try context.id(), itemPosition: form.item.flatMap { Int($0) }, text: form.text ?? "", fulfils: ["1", "on"].contains(form.fulfils ?? ""),
                files: files, expectedVersion: form.version.flatMap { Int64($0) }, as: caller)
            return redirect(WebURL.commitment(c.id))
        }
        router.get(WebRoute.evidence.path) { _, context in
            let (file, bytes) = try await vanguard.fulfilment.evidence(try context.id(), as: try context.requireCaller())
            return Download.stored(file, bytes)
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
    }
}
