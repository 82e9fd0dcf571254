import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// Reads the session cookie into the context, and the reader's language from `?lang=`, a cookie or
/// Accept-Language (Chinese unless English is asked for).
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "vanguard_session"
    static let allowedWhileExpired: Set<String> = [WebURL.password, WebURL.logout, WebURL.login]
    let accounts: AccountService
    let time: any TimeSource
    /// 会话空闲超时: a web session unused this long is logged out (等保: 登录连接超时自动退出).
    var activity = SessionActivity()
    var idleMillis: Int64 = 30 * 60_000
    /// Cookies carry `Secure` when the server is told it sits behind TLS, or a proxy says so.
    var secureCookies = false

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let langParam = request.uri.queryParameters["lang"].map(String.init)
        if let langParam {
            context.english = langParam == "en"
        } else if let cookie = request.cookies["lang"]?.value {
            context.english = cookie == "en"
        } else if let accept = request.headers[.acceptLanguage]?.lowercased() {
            context.english = accept.hasPrefix("en")
        }
        context.secureTransport = secureCookies || request.headers[.xForwardedProto]?.lowercased() == "https"
        if let secret = request.cookies[Self.cookieName]?.value, let found = try await accounts.caller(forSecret: secret, kind: "web"),
            await activity.touch(secret, now: time.nowMillis(), idleMillis: idleMillis)
        {
            context.caller = found.caller
            context.csrfToken = found.csrf
        }
        // 口令已过期: until it is changed, the session reaches the password page and the logout only.
        if context.caller?.mustChangePassword == true, !Self.allowedWhileExpired.contains(request.uri.path), !request.uri.path.hasPrefix("/static/"),
            !request.uri.path.hasPrefix("/api/")
        {
            return redirect(WebURL.password)
        }
        var response = try await next(request, context)
        if let langParam, langParam == "en" || langParam == "zh" {
            response.setCookie(
                Cookie(name: "lang", value: langParam, maxAge: 365 * 86400, path: "/", secure: context.secureTransport, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}

/// When each web session was last used, in this process's memory — so that reading a page never
/// writes the database. A session first seen here starts its clock now; a restart therefore forgives
/// idleness, and the absolute lifetime (12 hours) still ends every session.
actor SessionActivity {
    private var lastSeen: [String: Int64] = [:]

    /// Whether the session is still live at `now`, and if so marks it used.
    func touch(_ secret: String, now: Int64, idleMillis: Int64) -> Bool {
        if let seen = lastSeen[secret], now - seen > idleMillis {
            lastSeen[secret] = nil
            if expired.count > 200_000 { expired.removeAll() }  // bounded; the 12-hour lifetime still holds
            expired.insert(secret)
            return false
        }
        if expired.contains(secret) { return false }
        lastSeen[secret] = now
        if lastSeen.count > 200_000 { lastSeen = lastSeen.filter { now - $0.value <= idleMillis } }
        return true
    }

    /// Sessions that went idle stay logged out in this process, however they are used afterwards.
    private var expired: Set<String> = []
}

/// A submitted HTML form (`application/x-www-form-urlencoded`).
struct WebForm: Sendable {
    let fields: [String: String]
    /// Every value of each key, in order (check boxes of one name).
    let lists: [String: [String]]

    static func read(_ request: Request, context: AppRequestContext) async throws -> WebForm {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: RequestLimits.body) } catch {
            throw RequestLimits.readFailure(error, tooLarge: RequestLimits.tooLarge(RequestLimits.body))
        }
        return WebForm(parsing: String(buffer: buffer))
    }

    init(parsing body: String) {
        var out: [String: String] = [:]
        var lists: [String: [String]] = [:]
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(String(parts[0]))
            let value = parts.count > 1 ? Self.decode(String(parts[1])) : ""
            if out[key] == nil { out[key] = value }
            lists[key, default: []].append(value)
        }
        fields = out
        self.lists = lists
    }

    /// Every non-empty value given for `key` (check boxes), trimmed.
    func values(_ key: String) -> [String] {
        (lists[key] ?? []).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// A date field (yyyy-mm-dd), refused naming the field when it is not one.
    func day(_ key: String, _ zh: String) throws -> CalendarDay {
        guard let d = CalendarDay(parsing: self[key]) else {
            throw VanguardError.invalid("\(zh)须为日期（如2026-12-31）", "\(key) must be a date (yyyy-mm-dd)", field: key)
        }
        return d
    }

    /// 选择器的值: the member a picker field names — her member number, as typed or picked — in the
    /// caller's scope; nil when empty.
    func member(_ key: String, _ zh: String, in vanguard: Vanguard, as caller: Caller) async throws -> Int64? {
        let text = self[key]
        guard !text.isEmpty else { return nil }
        guard let m = try await vanguard.members.find(memberNo: text, as: caller) else {
            throw VanguardError.invalid("\(zh)：没有编号为“\(text.prefix(40))”的党员", "\(key): no member numbered '\(text.prefix(40))'", field: key)
        }
        return m.id
    }

    static func decode(_ s: String) -> String {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? s
    }

    subscript(_ key: String) -> String { fields[key]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "" }

    func optionalID(_ key: String, _ zh: String) throws -> Int64? {
        let text = self[key]
        guard !text.isEmpty else { return nil }
        guard let id = Int64(text), id > 0 else {
            throw VanguardError.invalid("\(zh)须为正整数", "\(key) must be a positive whole number", field: key)
        }
        return id
    }

    func id(_ key: String, _ zh: String) throws -> Int64 {
        guard let id = try optionalID(key, zh) else {
            throw VanguardError.invalid("请填写\(zh)", "\(key) is required", field: key)
        }
        return id
    }

    func flag(_ key: String) -> Bool { ["1", "on", "true", "yes"].contains(self[key]) }

    /// 选择器的值: the organization a picker field names — its code or its full name, as typed or
    /// picked — resolved in the caller's scope; nil when the field is empty. An unknown or ambiguous
    /// name is refused naming the field.
    func organization(_ key: String, _ zh: String, in vanguard: Vanguard, as caller: Caller) async throws -> Int64? {
        let text = self[key].trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        do { return try await vanguard.organizations.find(codeOrName: text, as: caller).id } catch var e as VanguardError where e.kind == .invalid {
            e.field = key
            e.message = .init("\(zh)：\(e.message.zh)", e.message.en)
            throw e
        }
    }
}

extension AppRequestContext {
    /// The logged-in caller, or 401 (which the error middleware turns into a redirect to login).
    func requireCaller() throws -> Caller {
        guard let caller else { throw VanguardError(.unauthorized, .init("请先登录", "Please log in")) }
        return caller
    }

    func id(_ name: String = "id") throws -> Int64 {
        guard let text = parameters.get(name), let id = Int64(text), id > 0 else {
            throw VanguardError.notFound(.init("该页面", "Page"))
        }
        return id
    }
}

func redirect(_ location: String) -> Response {
    Response(status: .seeOther, headers: [.location: location])
}
