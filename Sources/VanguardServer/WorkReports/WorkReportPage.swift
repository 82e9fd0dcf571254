import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// One report: its figures, its three parts and files; the writing form for the organization's officer,
/// the review form for the superior.
struct WorkReportPage {
    let vanguard: Vanguard
    let views: Views

    struct Line: Sendable { let label: String; let value: String }
    struct Part: Sendable { let label: String; let paragraphs: [String] }
    struct FileItem: Sendable { let url: String; let name: String; let size: String }
    struct Model: Sendable {
        let frame: PageFrame; let title: String; let organizationName: String; let deskURL: String; let superior: String?; let issuer: String
        let due: String; let state: String; let late: Bool; let reason: String?; let requirements: [String]; let figures: [Line]
        let figuresNote: String; let parts: [Part]; let files: [FileItem]; let writeURL: String?; let done: String; let problems: String
        let plans: String; let reviewURL: String?; let writtenBy: String?; let submittedAt: String?; let reviewedBy: String?; let reviewedAt: String?
    }

    static func paragraphs(_ text: String) -> [String] { text.split(whereSeparator: \.isNewline).map(String.init) }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.workReport.path) { _, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let d = try await vanguard.workReports.detail(id, as: caller)
            let r = d.report
            let figures = d.mayWrite ? d.currentFigures : r.figures
            let model = Model(
                frame: PageFrame(context, title: r.organizationName + " · " + r.call.title.text(english: e), path: WebURL.workReport(id)),
                title: r.call.title.text(english: e), organizationName: r.organizationName,
                deskURL: WebURL.workReports(r.organizationID, year: r.call.year, period: r.call.period), superior: d.superiorName,
                issuer: r.call.organizationName, due: r.call.due.description, state: r.state.name.text(english: e), late: r.late, reason: r.reason,
                requirements: Self.paragraphs(r.call.requirements),
                figures: (figures?.lines ?? []).map { Line(label: $0.label.text(english: e), value: $0.value) },
                figuresNote: t[d.mayWrite ? "wrFiguresNow" : "wrFiguresAsSubmitted"],
                parts: d.mayWrite
                    ? []
                    : [("wrDone", r.done), ("wrProblems", r.problems), ("wrPlans", r.plans)].map { Part(label: t[$0.0], paragraphs: Self.paragraphs($0.1)) },
                files: d.files.map { FileItem(url: WebURL.workReportFile($0.id), name: $0.name, size: AnnouncementPages.size($0.size)) },
                writeURL: d.mayWrite ? WebURL.workReport(id) : nil, done: r.done, problems: r.problems, plans: r.plans,
                reviewURL: d.mayReview ? WebURL.workReportReview(id) : nil, writtenBy: r.writtenBy,
                submittedAt: r.submittedAt.map(MemberPage.formatTime), reviewedBy: r.reviewedBy, reviewedAt: r.reviewedAt.map(MemberPage.formatTime))
            return views.render("workreport", model)
        }
        router.post(WebRoute.workReport.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.workReports.requireWriter(id, as: caller)  // 404 out of sight, 403 for other readers: before the body is read
            let form = try await MultipartForm.read(
                WorkReportPages.Writing.self, request, context: context, limitText: .init("附件合计不能超过20MB", "All files together may not exceed 20 MB"))
            let submit: Bool
            switch form.action {
            case "submit"?: submit = true
            case "save"?: submit = false
            default: throw VanguardError.invalid("请选择保存草稿或报送", "Choose to save or to submit", field: "action")
            }
            try await vanguard.workReports.write(
                id, done: form.done ?? "", problems: form.problems ?? "", plans: form.plans ?? "", files: UploadedFile.uploads(form.files), submit: submit,
                as: caller)
            return redirect(WebURL.workReport(id))
        }
        router.post(WebRoute.workReportReview.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.workReports.requireVisible(id, as: caller)
            let form = try await WebForm.read(request, context: context)
            let accept: Bool
            switch form["decision"] {
            case "accept": accept = true
            case "return": accept = false
            default: throw VanguardError.invalid("请选择通过或退回", "Choose to accept or return", field: "decision")
            }
            try await vanguard.workReports.review(id, accept: accept, reason: form["reason"], as: caller)
            return redirect(WebURL.workReport(id))
        }
        router.get(WebRoute.workReportFile.path) { _, context in
            let (file, bytes) = try await vanguard.workReports.file(try context.id(), as: try context.requireCaller())
            return Download.stored(file, bytes)
        }
    }
}
