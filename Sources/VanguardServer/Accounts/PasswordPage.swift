import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 修改密码: every account changes its own password here (linked from the name in the header); the
/// other sessions of the account end, this one stays.
struct PasswordPage {
    let vanguard: Vanguard
    let views: Views

    struct Model: Sendable {
        let frame: PageFrame
        let error: String?
        let done: Bool
        /// The password is past its maximum age: nothing else can be done until it is changed.
        let expired: Bool
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.password.path) { _, context in
            _ = try context.requireCaller()
            return render(context, error: nil, done: false)
        }
        router.post(WebRoute.password.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let new = form.fields["new"] ?? ""
            guard new == (form.fields["repeat"] ?? "") else {
                return render(context, error: Strings.table(english: context.english)["passwordsDiffer"] ?? "", done: false, status: .badRequest)
            }
            do {
                try await vanguard.accounts.changePassword(
                    current: form.fields["current"] ?? "", new: new, keepingSession: request.cookies[SessionMiddleware.cookieName]?.value, as: caller)
            } catch let e as VanguardError where e.kind == .invalid {
                return render(context, error: e.message.text(english: context.english), done: false, status: .badRequest)
            }
            return render(context, error: nil, done: true)
        }
    }

    func render(_ context: AppRequestContext, error: String?, done: Bool, status: HTTPResponse.Status = .ok) -> Response {
        let title = Strings.table(english: context.english)["changePassword"] ?? ""
        let expired = !done && context.caller?.mustChangePassword == true
        return views.render(
            "password", Model(frame: PageFrame(context, title: title, path: WebURL.password), error: error, done: done, expired: expired), status: status)
    }
}
