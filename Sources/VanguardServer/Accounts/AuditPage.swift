import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 审计日志 for the top office: filter by who, which action, what and when; page back through the
/// chain; download what the filter shows (the download is itself recorded).
struct AuditPage {
    let vanguard: Vanguard
    let views: Views

    struct Row: Sendable {
        let seq: Int64
        let at: String
        let actor: String
        /// The action's code (the title, and what the filter takes) and its name.
        let action: String
        let actionName: String
        let target: String
        let summary: String
    }
    struct Model: Sendable {
        let frame: PageFrame
        let actor: String
        let action: String
        let targetType: String
        let from: String
        let to: String
        let rows: [Row]
        let nextURL: String?
        let csvURL: String
        let xlsxURL: String
    }

    /// The filter from the query string; a malformed date is a 400 naming the field.
    static func filter(_ request: Request) throws -> (AuditFilter, fields: [String: String]) {
        let q = request.uri.queryParameters
        func text(_ key: String) -> String { String((q.get(key) ?? "").trimmingCharacters(in: .whitespaces).prefix(64)) }
        func day(_ key: String) throws -> CalendarDay? {
            let t = text(key)
            if t.isEmpty { return nil }
            guard let d = CalendarDay(parsing: t) else { throw VanguardError.invalid("日期格式应为 2026-12-01", "Dates look like 2026-12-01", field: key) }
            return d
        }
        let from = try day("from")
        let to = try day("to")
        let fields = ["actor": text("actor"), "action": text("action"), "targetType": text("targetType"), "from": text("from"), "to": text("to")]
        let filter = AuditFilter(
            actor: fields["actor", default: ""].nilIfEmpty, actionPrefix: fields["action", default: ""].nilIfEmpty,
            targetType: fields["targetType", default: ""].nilIfEmpty,
            fromMillis: from.map(AuditService.startMillis), untilMillis: to.map { AuditService.startMillis($0) + 86_400_000 })
        return (filter, fields)
    }

    static func query(_ fields: [String: String], extra: [(String, String)] = []) -> String {
        let pairs = fields.sorted { $0.key < $1.key }.filter { !$0.value.isEmpty }.map { ($0.key, $0.value) } + extra
        return pairs.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.audit.path) { request, context in
            let caller = try context.requireCaller()
            let (filter, fields) = try Self.filter(request)
            let before = request.uri.queryParameters.get("before").flatMap { Int64($0) }
            let records = try await vanguard.audit.records(filter, before: before, as: caller)
            let rows = records.map {
                Row(
                    seq: $0.seq, at: AuditService.stamp($0.entry.at), actor: $0.entry.actor, action: $0.entry.action,
                    actionName: AuditNames.action($0.entry.action).text(english: context.english),
                    target: AuditNames.target($0.entry.targetType).text(english: context.english) + ($0.entry.targetID.map { " \($0)" } ?? ""),
                    summary: $0.entry.summary)
            }
            let next =
                records.count == AuditService.pageSize ? records.last.map { WebURL.audit + "?" + Self.query(fields, extra: [("before", String($0.seq))]) } : nil
            let q = Self.query(fields)
            let model = Model(
                frame: PageFrame(context, title: Strings.text(english: context.english)["auditLog"], path: WebURL.audit), actor: fields["actor", default: ""],
                action: fields["action", default: ""], targetType: fields["targetType", default: ""], from: fields["from", default: ""],
                to: fields["to", default: ""], rows: rows, nextURL: next,
                csvURL: WebURL.auditExport("csv") + "?" + q, xlsxURL: WebURL.auditExport("xlsx") + "?" + q)
            return views.render("audit", model)
        }
        // A POST: exporting personal data leaves an audit record, and a GET never writes.
        router.post(WebRoute.auditExport.path) { request, context in
            let caller = try context.requireCaller()
            let file = context.parameters.get("file") ?? ""
            guard file.hasPrefix("export."), let format = SheetFormat(rawValue: String(file.dropFirst("export.".count))) else {
                throw VanguardError.notFound(.init("该文件", "File"))
            }
            let (filter, _) = try Self.filter(request)
            let data = try await vanguard.audit.export(filter, format: format, as: caller)
            return try Download.response(data)
        }
    }
}
