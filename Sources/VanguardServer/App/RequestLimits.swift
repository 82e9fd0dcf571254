import Hummingbird
import NIOCore
import NIOHTTPTypes
import VanguardCore

/// How many bytes a request body may have, decided from the route alone — before the session or
/// token is looked at and before a byte of the body is decoded (issue 11: eight 300 MB POSTs to the
/// token endpoint took 3 GB; a 114 MB commitment was decoded before "at most 20 items").
enum RequestLimits {
    /// JSON bodies and web forms.
    static let body = 1024 * 1024
    /// Uploads keep their own, larger limit (each handler checks its finer one: 20 MB a sheet,
    /// 10 MB an evidence file); the API's progress report carries its files as base64 in JSON.
    static let upload = 28 * 1024 * 1024

    /// The routes that take files: web import and progress forms, API import and progress.
    static func isUpload(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        guard method == .post else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        switch parts.count {
        case 1: return parts[0] == "import"
        case 2: return ["work-reports", "nomination-deeds"].contains(parts[0])
        case 3:
            return (parts[0] == "commitments" && parts[2] == "progress") || (parts[0] == "organizations" && ["announcements", "exemplars"].contains(parts[2]))
        case 4: return parts[0] == "api" && parts[1] == "v1" && parts[2] == "import"
        case 5: return parts[0] == "api" && parts[1] == "v1" && parts[2] == "commitments" && parts[4] == "progress"
        default: return false
        }
    }

    static func limit(_ request: Request) -> Int { isUpload(request.method, request.uri.path) ? upload : body }

    /// What a failed body read tells the client: our own refusals as they are, a body past its limit as
    /// `tooLarge` (413), and anything else — the client stopped sending, the connection broke, the body
    /// stalled — as an incomplete request (400), not as a size it never reached.
    static func readFailure(_ error: any Error, tooLarge: VanguardError) -> VanguardError {
        if let e = error as? VanguardError { return e.kind == .payloadTooLarge ? tooLarge : e }
        // Past the limit `collect(upTo:)` throws NIOTooManyBytesError, which Hummingbird answers as 413 too.
        if let e = error as? any HTTPResponseError, e.status == .contentTooLarge { return tooLarge }
        return VanguardError(.invalid, .init("请求内容不完整，请重新提交", "The request body was incomplete; send it again"))
    }

    static func tooLarge(_ limit: Int) -> VanguardError {
        limit == body
            ? VanguardError(.payloadTooLarge, .init("请求内容不能超过1MB", "The request body may not exceed 1 MB"))
            : VanguardError(.payloadTooLarge, .init("上传内容不能超过\(limit / (1024 * 1024))MB", "The upload may not exceed \(limit / (1024 * 1024)) MB"))
    }
}

/// Refuses an announced oversized body at once (413), and caps every other body as it streams in:
/// whoever reads past the limit — a decoder, a form reader — gets a 413 error instead of more bytes.
/// It runs first, so its own 413 is rendered here, without the session.
struct RequestLimitMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let limit = RequestLimits.limit(request)
        if let length = request.headers[.contentLength], let announced = Int(length), announced > limit {
            return Self.refusal(request, .contentTooLarge, RequestLimits.tooLarge(limit))
        }
        // U+0000 has no place in a name or a text, and PostgreSQL refuses it in text (SQLite would keep it):
        // refused before anything is decoded, in the query and in every body but an upload's files.
        if request.uri.query?.contains("%00") == true { return Self.refusal(request, .badRequest, VanguardError.nulCharacter) }
        var request = request
        if Self.isBodilessAPIWrite(request) {
            // An API step sent without a body (`POST /commitments/7/submit`) is an empty JSON object:
            // the spec makes such bodies optional, and the generated decoder would read "" as bad JSON.
            var head = request.head
            head.headerFields[.contentType] = "application/json"
            return try await next(Request(head: head, body: RequestBody(buffer: ByteBuffer(string: "{}"))), context)
        }
        let scan = NulScan.of(path: request.uri.path, contentType: request.headers[.contentType])
        request.body = RequestBody(asyncSequence: LimitedBody(base: request.body, limit: limit, nul: scan))
        return try await next(request, context)
    }
}

extension RequestLimitMiddleware {
    /// This middleware's own answer, rendered here (it runs before the session and the error pages):
    /// a problem for the API, a small page otherwise; the connection is closed after it.
    static func refusal(_ request: Request, _ status: HTTPResponse.Status, _ error: VanguardError) -> Response {
        let message = error.message
        if request.uri.path.hasPrefix("/api/") { return ErrorMiddleware.problem(status: status, message: message, field: nil) }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.connection] = "close"
        let page = "<!doctype html><meta charset=utf-8><title>\(status.code)</title><p>\(message.zh)</p><p lang=en>\(message.en)</p>"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func isBodilessAPIWrite(_ request: Request) -> Bool {
        guard request.method == .post || request.method == .put || request.method == .patch, request.uri.path.hasPrefix("/api/v1/"),
            request.headers[.contentType] == nil, request.headers[.transferEncoding] == nil
        else { return false }
        return request.headers[.contentLength].map { $0 == "0" } ?? true
    }
}

/// A request body that throws once more than `limit` bytes have arrived, or — with `nul` — once it
/// carries a NUL character.
struct LimitedBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let limit: Int
    let nul: NulScan?

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let limit: Int
        var nul: NulScan?
        var seen = 0

        mutating func next() async throws -> ByteBuffer? {
            guard let chunk = try await base.next() else { return nil }
            seen += chunk.readableBytes
            guard seen <= limit else { throw RequestLimits.tooLarge(limit) }
            if nul != nil, chunk.readableBytesView.contains(where: { nul!.found(after: $0) }) { throw VanguardError.nulCharacter }
            return chunk
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), limit: limit, nul: nul) }
}

/// Finds a NUL character in a body as it streams, across chunk boundaries: a raw 0 byte, or as a web
/// form writes it (`%00`), or as JSON escapes it (`\u0000` after an odd run of backslashes; `\\u0000`
/// is a backslash and the text "u0000"). `%00` in JSON is text, so each body is read as the route it
/// goes to reads it (`NulScan.of(path:contentType:)`), not as the type it claims.
struct NulScan: Sendable {
    let form: Bool
    /// Bytes of the escape matched so far: `%00` (form) or `\u0000` (JSON).
    private var matched = 0
    private var oddBackslashes = false
    private static let formEscape = Array("%00".utf8)
    private static let jsonEscape = Array("\\u0000".utf8)

    init(form: Bool) { self.form = form }

    /// How a body is scanned, by where it goes: the API's JSON as JSON; every web page's body as a form,
    /// whatever type it claims (the form reader reads it as one); files — multipart forms, or sheets
    /// sent to the API as they are — are not scanned (a multipart form's text fields are, when read).
    static func of(path: String, contentType: String?) -> NulScan? {
        let type = contentType?.lowercased() ?? ""
        if path.hasPrefix("/api/") { return type.hasPrefix("application/json") || type.isEmpty ? NulScan(form: false) : nil }
        return type.hasPrefix("multipart/form-data") ? nil : NulScan(form: true)
    }

    mutating func found(after byte: UInt8) -> Bool {
        if byte == 0 { return true }
        let pattern = form ? Self.formEscape : Self.jsonEscape
        if !form {
            // `\` opens an escape only after an even run of backslashes.
            if byte == UInt8(ascii: "\\") {
                oddBackslashes.toggle()
                matched = oddBackslashes ? 1 : 0
                return false
            }
            defer { oddBackslashes = false }
        }
        if matched > 0, byte == pattern[matched] {
            matched += 1
            if matched == pattern.count { return true }
        } else {
            matched = form && byte == pattern[0] ? 1 : 0
        }
        return false
    }
}

/// Closes a connection whose request body stalls: no bytes for `timeout` between the request's head
/// and its end. (Before the head, Hummingbird's idle timeout closes a connection that sends nothing
/// or only part of its headers — slowloris — so together no connection is held open by silence.)
final class StalledBodyHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: TimeAmount
    private var inBody = false
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: inBody = true
        case .body: break
        case .end: inBody = false
        }
        timer?.cancel()
        timer = nil
        if inBody {
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            timer = context.eventLoop.scheduleTask(in: timeout) { loopBound.value.close(promise: nil) }
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }
}
