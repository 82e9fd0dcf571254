import Foundation
import HTTPTypes
import Hummingbird
import Logging
import OpenAPIRuntime
import VanguardCore

/// Turns every error into an answer a person can act on: `application/problem+json` under `/api`,
/// a Chinese (or English) HTML page elsewhere. Unexpected errors are logged and answered 500
/// without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let views: Views

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let (status, message, field) = Self.classify(error, logger: context.logger)
            if request.uri.path.hasPrefix("/api/") {
                return Self.problem(status: status, message: message, field: field)
            }
            if status == .unauthorized {
                // Back to the page she wanted after logging in again: this one, or for a form the page it was on.
                let wanted = request.method == .get ? request.uri.description : Self.sameSitePath(request.headers[.referer], host: request.head.authority)
                let next = LoginPage.safeNext(wanted).map { "?next=" + ($0.addingPercentEncoding(withAllowedCharacters: Self.queryValue) ?? "") } ?? ""
                if request.headers[Self.formHeader] == "1" {
                    return Self.problem(status: status, message: message, field: nil, english: context.english, location: WebURL.login + next)
                }
                return Response(status: .seeOther, headers: [.location: WebURL.login + next])
            }
            // A form sent by the page's script: the error goes next to its field, and what was typed stays.
            if request.headers[Self.formHeader] == "1" {
                return Self.problem(status: status, message: message, field: field, english: context.english)
            }
            return views.render(
                "error",
                ErrorPage(
                    frame: PageFrame(context, title: Strings.text(english: context.english)["errorTitle"]), message: message.text(english: context.english),
                    status: Int(status.code)), status: status)
        }
    }

    struct ErrorPage: Sendable {
        let frame: PageFrame
        let message: String
        let status: Int
    }

    static func status(for kind: VanguardError.Kind) -> HTTPResponse.Status {
        switch kind {
        case .invalid: .badRequest
        case .notFound: .notFound
        case .conflict: .conflict
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .tooManyRequests: .tooManyRequests
        case .payloadTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        }
    }

    static func classify(_ error: any Error, logger: Logger) -> (HTTPResponse.Status, Bilingual, String?) {
        var underlying = error
        if let server = error as? ServerError { underlying = server.underlyingError }
        if let v = underlying as? VanguardError { return (status(for: v.kind), v.message, v.field) }
        if let http = underlying as? HTTPError {
            if http.status == .notFound { return (.notFound, .init("页面不存在", "Not found"), nil) }
            if http.status == .contentTooLarge { return (.contentTooLarge, .init("上传内容过大", "The upload is too large"), nil) }
            return (http.status, .init("请求无效：\(http.body ?? http.status.reasonPhrase)", "Bad request: \(http.body ?? http.status.reasonPhrase)"), nil)
        }
        if let decoding = Self.decodingError(in: error) {
            // Name the field, never the decoder's internals.
            let field = Self.field(of: decoding)
            if let field {
                return (.badRequest, .init("请求格式不正确：字段“\(field)”的值无效或缺失", "Malformed request: the field '\(field)' is missing or has an invalid value"), field)
            }
            // A read has no body: what did not decode is a path or query parameter (an id past 2⁶³, say).
            if let server = error as? ServerError, [.get, .head, .delete].contains(server.request.method) {
                return (.badRequest, .init("请求格式不正确：路径或查询参数无效", "Malformed request: a path or query parameter is not valid"), nil)
            }
            return (.badRequest, .init("请求格式不正确：请求体不是有效的 JSON", "Malformed request: the body is not valid JSON"), nil)
        }
        if let server = error as? ServerError, server.operationInput == nil {
            // The runtime could not read the request (a malformed id, query parameter or content type).
            return (.badRequest, .init("请求格式不正确：参数或请求体无法解析", "Malformed request: a parameter or the body could not be read"), nil)
        }
        // The underlying error only: a ServerError's description carries the request's headers, and
        // with them the bearer token or session cookie, which must never reach a log.
        var metadata: Logger.Metadata = ["error": "\(String(reflecting: underlying))"]
        if let server = error as? ServerError { metadata["operation"] = "\(server.operationID)" }
        logger.error("unexpected error", metadata: metadata)
        return (.internalServerError, .init("服务器内部错误，请稍后重试", "Internal server error; please try again later"), nil)
    }

    /// The `DecodingError` an error carries, looking a few wrappers deep (the OpenAPI runtime wraps
    /// it in types of its own).
    static func decodingError(in error: any Error, depth: Int = 0) -> DecodingError? {
        if let d = error as? DecodingError { return d }
        if let server = error as? ServerError, let d = decodingError(in: server.underlyingError, depth: depth + 1) { return d }
        guard depth < 4 else { return nil }
        for child in Mirror(reflecting: error).children {
            if let inner = child.value as? any Error, let d = decodingError(in: inner, depth: depth + 1) { return d }
        }
        return nil
    }

    /// `answers.0.answer` for the value that did not decode.
    static func field(of error: DecodingError) -> String? {
        let path: [any CodingKey]
        switch error {
        case .dataCorrupted(let c), .typeMismatch(_, let c), .valueNotFound(_, let c): path = c.codingPath
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        @unknown default: return nil
        }
        let names = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        return names.isEmpty ? nil : names.joined(separator: ".")
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }

    static let queryValue = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+?#"))

    /// Sent by app.js with a form it submits for the page (`X-Vanguard-Form: 1`).
    static let formHeader = HTTPField.Name("X-Vanguard-Form")!

    /// The path of a same-site Referer (`https://host/p?q` → `/p?q`), nil otherwise.
    static func sameSitePath(_ referer: String?, host: String?) -> String? {
        guard let referer, let host, let url = URL(string: referer), url.host.map({ host == $0 || host.hasPrefix($0 + ":") }) == true else { return nil }
        return url.path + (url.query.map { "?" + $0 } ?? "")
    }

    static func problem(
        status: HTTPResponse.Status, message: Bilingual, field: String?, english: Bool? = nil, location: String? = nil
    ) -> Response {
        var body: [String: Any] = [
            "type": "about:blank", "title": status.reasonPhrase, "status": Int(status.code), "detail": message.zh, "detailEn": message.en,
        ]
        if let field { body["field"] = field }
        if let english { body["message"] = message.text(english: english) }
        if let location { body["location"] = location }
        let data = (try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])) ?? Data()
        var headers = HTTPFields()
        headers[.contentType] = "application/problem+json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
