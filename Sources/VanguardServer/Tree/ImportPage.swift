import Foundation
import Hummingbird
import MultipartKit
import VanguardCore
import VanguardStore

/// 导入导出: upload a file (checked whole before anything is written), download templates and
/// subtree exports.
struct ImportPage {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct Link: Sendable { let url: String; let label: String }
    struct ProblemItem: Sendable { let row: Int; let column: String; let value: String; let reason: String }
    struct ReportItem: Sendable { let succeeded: Bool; let created: Int; let problems: [ProblemItem]; let places: [PlaceItem] }
    /// Where the rows went, to go and see them.
    struct PlaceItem: Sendable { let url: String; let name: String; let count: Int }
    struct Model: Sendable {
        let frame: PageFrame
        let kinds: [Option]
        let templates: [Link]
        let report: ReportItem?
    }

    /// The multipart form of the upload.
    struct Upload: Decodable {
        let kind: String
        let file: UploadedFile
    }

    func model(_ context: AppRequestContext, kind: SheetKind, report: ImportReport?) -> Model {
        let english = context.english
        return Model(
            frame: PageFrame(context, title: Strings.text(english: english)["importExport"], path: WebURL.importPage),
            kinds: SheetKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: $0 == kind) },
            templates: SheetKind.allCases.flatMap { k in
                SheetFormat.allCases.map { f in
                    Link(url: WebURL.template(kind: k.rawValue, format: f.rawValue), label: "\(k.name.text(english: english)) \(f.rawValue.uppercased())")
                }
            },
            report: report.map { r in
                ReportItem(
                    succeeded: r.succeeded, created: r.created,
                    problems: r.problems.map { ProblemItem(row: $0.row, column: $0.column, value: $0.value, reason: $0.reason.text(english: english)) },
                    places: r.places.map { PlaceItem(url: WebURL.organization($0.organizationID), name: $0.name, count: $0.count) })
            })
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.importPage.path) { request, context in
            _ = try context.requireCaller()
            return views.render("import", model(context, kind: .organizations, report: nil))
        }
        router.post(WebRoute.importPage.path) { request, context in
            let caller = try context.requireCaller()
            // No account that may import nothing gets its upload parsed, not even the multipart envelope.
            guard SpreadsheetService.mayImportAnything(caller) else {
                throw VanguardError(.forbidden, .init("您没有导入的权限", "You may not import"))
            }
            let upload = try await MultipartForm.read(
                Upload.self, request, context: context, limitText: .init("文件不能超过20MB", "The file may not exceed 20 MB"))
            guard let kind = SheetKind(rawValue: upload.kind) else { throw VanguardError.invalid("请选择导入类型", "Choose what to import", field: "kind") }
            let report = try await vanguard.spreadsheets.importFile(Data(buffer: upload.file.bytes), kind: kind, as: caller)
            return views.render("import", model(context, kind: kind, report: report), status: report.succeeded ? .ok : .unprocessableContent)
        }
        router.get(WebRoute.template.path) { request, context in
            _ = try context.requireCaller()
            let (kind, format) = try Self.parseFile(context.parameters.get("file") ?? "")
            return Download.response(
                try vanguard.spreadsheets.template(kind: kind, format: format), name: "template-\(kind.rawValue).\(format.rawValue)", format: format)
        }
        // A POST: exporting a roster of people leaves an audit record, and a GET never writes.
        router.post(WebRoute.export.path) { request, context in
            let caller = try context.requireCaller()
            let (kind, format) = try Self.parseFile(context.parameters.get("file") ?? "")
            guard let id = request.uri.queryParameters["organizationId"].flatMap({ Int64(String($0)) }) else {
                throw VanguardError.invalid("缺少组织编号", "organizationId is required", field: "organizationId")
            }
            let data = try await vanguard.spreadsheets.export(kind: kind, organizationID: id, format: format, as: caller)
            return try Download.response(data)
        }
    }

    /// `members.xlsx` → (.members, .xlsx)
    static func parseFile(_ file: String) throws -> (SheetKind, SheetFormat) {
        let parts = file.split(separator: ".")
        guard parts.count == 2, let kind = SheetKind(rawValue: String(parts[0])), let format = SheetFormat(rawValue: String(parts[1])) else {
            throw VanguardError.notFound(.init("该文件", "File"))
        }
        return (kind, format)
    }

}
