import Hummingbird
import VanguardCore

/// 账号与审计 on the web: logging in and out, one's password and sessions, the office's accounts and
/// the audit record.
enum AccountsCapability: WebCapability {
    static let routes: [WebRoute] = [.login, .logout, .password, .sessions, .endSession, .account, .accounts, .audit, .auditExport]
    static var strings: Strings.Catalog { Strings.accounts }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        LoginPage(vanguard: app.vanguard, views: app.views).register(on: router)
        PasswordPage(vanguard: app.vanguard, views: app.views).register(on: router)
        AccountPages(vanguard: app.vanguard, views: app.views).register(on: router)
        AuditPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    /// An account's command (`disable`, `unlock`, …).
    static func accountAction(_ action: String) -> WebRoute { WebRoute("/accounts/:id/\(action)") }

    static let login = WebRoute("/login")
    static let logout = WebRoute("/logout")
    static let password = WebRoute("/account/password")
    static let sessions = WebRoute("/account/sessions")
    static let endSession = WebRoute("/account/sessions/:id/end")
    static let account = WebRoute("/accounts/:id")
    static let accounts = WebRoute("/organizations/:id/accounts")
    static let audit = WebRoute("/audit")
    static let auditExport = WebRoute("/audit/:file")
}

extension WebURL {
    static let login = WebRoute.login.pattern
    static let logout = WebRoute.logout.pattern
    static let password = WebRoute.password.pattern
    static let audit = WebRoute.audit.pattern
    static func auditExport(_ format: String) -> String { WebRoute.auditExport.url("export.\(format)") }
    static let sessions = WebRoute.sessions.pattern
    static func endSession(_ id: String) -> String { WebRoute.endSession.url(id) }
    static func accounts(_ organizationID: Int64) -> String { WebRoute.accounts.url(organizationID) }
    static func account(_ id: Int64) -> String { WebRoute.account.url(id) }
    static func accountAction(_ id: Int64, _ action: String) -> String { WebRoute.accountAction(action).url(id) }
}
