import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 登录 / 退出. The login form is protected from cross-site posting by a double-submit cookie,
/// since there is no session yet to hold its CSRF token.
struct LoginPage {
    static let csrfCookie = "vanguard_login_csrf"
    let vanguard: Vanguard
    let views: Views

    struct Model: Sendable {
        let frame: PageFrame
        let error: String?
        let username: String
        /// The page she wanted when the login was asked for (会话过期后回到原页).
        let next: String?
    }

    /// A page of this site to go back to: a local path (not `//host`), without control characters, bounded.
    static func safeNext(_ raw: String?) -> String? {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), raw.count <= 500,
            !raw.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }), !raw.hasPrefix(WebURL.login), !raw.hasPrefix(WebURL.logout)
        else { return nil }
        return raw
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.login.path) { request, context in
            var context = context
            let token = AccountService.randomSecret()
            context.csrfToken = token
            let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
            var response = views.render(
                "login",
                Model(
                    frame: PageFrame(context, title: Strings.text(english: context.english)["login"], path: WebURL.login), error: nil, username: "",
                    next: next))
            response.setCookie(
                Cookie(name: Self.csrfCookie, value: token, path: WebURL.login, secure: context.secureTransport, httpOnly: true, sameSite: .strict))
            return response
        }
        router.post(WebRoute.login.path) { request, context in
            let form = try await WebForm.read(request, context: context)
            guard let cookie = request.cookies[Self.csrfCookie]?.value, cookie == form["csrf"] else {
                return redirect(WebURL.login)
            }
            do {
                let session = try await vanguard.accounts.logIn(
                    username: form["username"], password: form.fields["password"] ?? "", address: context.clientAddress, kind: "web")
                var response = redirect(Self.safeNext(form["next"]) ?? WebURL.home)
                response.setCookie(
                    Cookie(
                        name: SessionMiddleware.cookieName, value: session.secret, maxAge: Int(AccountService.sessionLifetimeMillis / 1000), path: "/",
                        secure: context.secureTransport, httpOnly: true, sameSite: .lax))
                return response
            } catch let error as VanguardError where error.kind == .unauthorized || error.kind == .tooManyRequests {
                var context = context
                context.csrfToken = cookie
                let status: HTTPResponse.Status = error.kind == .tooManyRequests ? .tooManyRequests : .unauthorized
                return views.render(
                    "login",
                    Model(
                        frame: PageFrame(context, title: Strings.text(english: context.english)["login"], path: WebURL.login),
                        error: error.message.text(english: context.english), username: form["username"], next: Self.safeNext(form["next"])),
                    status: status)
            }
        }
        router.post(WebRoute.logout.path) { request, context in
            if let secret = request.cookies[SessionMiddleware.cookieName]?.value {
                try await vanguard.accounts.closeSession(secret: secret, username: context.caller?.username)
            }
            var response = redirect(WebURL.login)
            response.setCookie(
                Cookie(name: SessionMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: context.secureTransport, httpOnly: true, sameSite: .lax))
            return response
        }
    }
}
