import Hummingbird
import NIOCore
import VanguardCore

/// 表单令牌 (CSRF): every state-changing web request carries its session's token, checked here once
/// for every route, so no handler can forget it. Exempt, each for a reason: the JSON API (bearer
/// tokens, cookies are never read there), `/login` (no session yet: the page checks a token of its
/// own, kept in a cookie), a voter's ballot (`/v/…`: the one-time code is the credential, and voters
/// have no session) and an objection to a public notice (`/public/nominations/…`: the public has no
/// session either; the page checks a double-submit cookie of its own, as the login does).
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let field = "csrf"
    /// An upload's token is its first part, found within this many bytes.
    static let firstPartLimit = 8 * 1024
    static let refused = VanguardError(.forbidden, .init("表单已过期，请刷新页面后重试", "The form has expired; reload the page and try again"))

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Reads pass at once: the path is not even looked at (the public board serves ≈20,000 a second).
        guard !Self.isRead(request.method), Self.needsToken(request.method, request.uri.path) else { return try await next(request, context) }
        // Without a session no form can be valid: the reader is sent to log in, as every handler would.
        guard context.caller != nil else { throw VanguardError(.unauthorized, .init("请先登录", "Please log in")) }
        var request = request
        if RequestLimits.isUpload(request.method, request.uri.path), let boundary = MultipartForm.boundary(request.headers[.contentType]) {
            // An upload is checked as its handler reads it: after the handler's permission check, and
            // before a byte of the file is parsed (issue 11: permission before parsing).
            request.body = RequestBody(asyncSequence: TokenFirstBody(base: request.body, boundary: boundary, expected: context.csrfToken))
            return try await next(request, context)
        }
        // Any other form is at most 1 MB (RequestLimits): read it once here, and the handler reads the buffer again.
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: RequestLimits.body) } catch {
            throw RequestLimits.readFailure(error, tooLarge: RequestLimits.tooLarge(RequestLimits.body))
        }
        try Self.check(WebForm(parsing: String(buffer: buffer)).fields[Self.field] ?? "", expected: context.csrfToken)
        return try await next(request, context)
    }

    /// Whether a request must carry the token: anything but a read, outside the exempt routes.
    static func isRead(_ method: HTTPRequest.Method) -> Bool { method == .get || method == .head || method == .options }

    static func needsToken(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        guard !isRead(method) else { return false }
        return !(path.hasPrefix("/api/") || path == WebURL.login || path.hasPrefix(WebRoute.ballotEntry.pattern + "/")
            || path.hasPrefix(WebURL.publicObjectionPrefix))
    }

    /// Refuses a missing or wrong token, comparing in constant time.
    static func check(_ token: String, expected: String?) throws {
        guard let expected, !token.isEmpty else { throw refused }
        let a = Array(token.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { throw refused }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        guard difference == 0 else { throw refused }
    }

    /// The value of a multipart body's first part if that part is complete in `head`: `.token` when it
    /// is the `csrf` field, `.other` when it is any other field, `.incomplete` when more bytes are needed.
    static func firstPart(_ head: ByteBuffer, boundary: String) -> FirstPart {
        let text = String(decoding: head.readableBytesView, as: UTF8.self)
        guard let start = text.range(of: "--" + boundary + "\r\n") else { return .incomplete }
        guard let headersEnd = text.range(of: "\r\n\r\n", range: start.upperBound..<text.endIndex) else { return .incomplete }
        guard let valueEnd = text.range(of: "\r\n--" + boundary, range: headersEnd.upperBound..<text.endIndex) else { return .incomplete }
        let headers = text[start.upperBound..<headersEnd.lowerBound].lowercased()
        guard headers.contains(Self.tokenPart) else { return .other }
        return .token(String(text[headersEnd.upperBound..<valueEnd.lowerBound]))
    }

    /// `Content-Disposition: form-data; name="csrf"`, quoted or not, with or without spaces (lower-cased).
    static var tokenPart: Regex<Substring> { /content-disposition:\s*form-data\s*;\s*name=(?:"csrf"|csrf)\s*(?:;|\r|$)/ }

    enum FirstPart: Equatable {
        case incomplete, other
        case token(String)
    }
}

/// An upload's body that, before yielding its first byte, reads its first part and requires it to be
/// the session's CSRF token (the upload forms put the token first).
struct TokenFirstBody: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let base: RequestBody
    let boundary: String
    let expected: String?

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RequestBody.AsyncIterator
        let boundary: String
        let expected: String?
        var held: [ByteBuffer] = []
        var checked = false

        mutating func next() async throws -> ByteBuffer? {
            if !checked {
                var head = ByteBuffer()
                while true {
                    switch CSRFMiddleware.firstPart(head, boundary: boundary) {
                    case .token(let token): try CSRFMiddleware.check(token, expected: expected)
                    case .other: throw CSRFMiddleware.refused
                    case .incomplete:
                        guard head.readableBytes < CSRFMiddleware.firstPartLimit, let chunk = try await base.next() else { throw CSRFMiddleware.refused }
                        held.append(chunk)
                        head.writeImmutableBuffer(chunk)
                        continue
                    }
                    break
                }
                checked = true
                held.reverse()
            }
            if let chunk = held.popLast() { return chunk }
            return try await base.next()
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator(), boundary: boundary, expected: expected) }
}
