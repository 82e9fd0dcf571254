import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 公示 for the public, without login: the rounds on notice or decided, one round's list with the short
/// deeds (never a phone number nor a nomination not yet public), printable, and the objection form —
/// named or anonymous — protected from cross-site posting by a double-submit cookie (there is no
/// session to hold a token) and throttled per source by the store.
struct PublicNoticePages {
    static let csrfCookie = "vanguard_notice_csrf"
    let vanguard: Vanguard
    let views: Views

    struct RoundRow: Sendable { let name: String; let url: String; let committee: String; let state: String; let period: String }
    struct ListModel: Sendable { let frame: PageFrame; let rounds: [RoundRow] }
    struct EntryView: Sendable {
        let id: Int64; let title: String; let nominee: String; let organization: String; let summary: String; let state: String; let revocation: String?
        let objectAction: String?
    }
    struct NoticeModel: Sendable {
        let frame: PageFrame; let name: String; let committee: String; let period: String; let state: String; let open: Bool; let entries: [EntryView]
        let revoked: [EntryView]; let message: String?; let error: String?; let listURL: String
    }

    func notice(
        _ context: AppRequestContext, id: Int64, message: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok
    ) async throws
        -> Response
    {
        let e = context.english
        let n = try await vanguard.publicNotices.notice(roundID: id)
        let r = n.round
        let entry = { (x: PublicNotice.Entry) in
            EntryView(
                id: x.nominationID, title: x.titleName, nominee: x.nomineeName, organization: x.organizationName, summary: x.summary,
                state: x.state.name.text(english: e), revocation: x.revocation,
                objectAction: n.open && x.state == .onNotice ? WebURL.publicObjection(x.nominationID) : nil)
        }
        let model = NoticeModel(
            frame: PageFrame(context, title: r.name + (e ? " · Public notice" : " · 公示"), path: WebURL.publicNotice(id)), name: r.name,
            committee: r.organizationName, period: r.noticeFrom.map { "\($0) — \(r.noticeUntil?.description ?? "")" } ?? "",
            state: r.state.name.text(english: e), open: n.open, entries: n.entries.filter { $0.state != .revoked }.map(entry),
            revoked: n.entries.filter { $0.state == .revoked }.map(entry), message: message, error: error, listURL: WebURL.publicNotices)
        var response = views.render("publicnotice", model, status: status)
        if n.open, let token = context.csrfToken {
            response.setCookie(
                Cookie(
                    name: Self.csrfCookie, value: token, path: WebURL.publicObjectionPrefix, secure: context.secureTransport, httpOnly: true, sameSite: .strict)
            )
        }
        return response
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.publicNotices.path) { request, context in
            let e = context.english
            let rounds = try await vanguard.publicNotices.board()
            let model = ListModel(
                frame: PageFrame(context, title: e ? "Commendations: public notices" : "评选表彰公示", path: WebURL.publicNotices),
                rounds: rounds.map { r in
                    RoundRow(
                        name: r.name, url: WebURL.publicNotice(r.id), committee: r.organizationName, state: r.state.name.text(english: e),
                        period: r.noticeFrom.map { "\($0) — \(r.noticeUntil?.description ?? "")" } ?? "")
                })
            return views.render("publicnotices", model)
        }
        router.get(WebRoute.publicNotice.path) { request, context in
            var context = context
            // A visitor without a session gets a token of her own for the objection form (double submit).
            if context.caller == nil { context.csrfToken = AccountService.randomSecret() }
            return try await notice(context, id: try context.id())
        }
        router.post(WebRoute.publicObjection.path) { request, context in
            let id = try context.id()
            let roundID = try await vanguard.publicNotices.round(ofNomination: id)  // not public: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard let cookie = request.cookies[Self.csrfCookie]?.value, !cookie.isEmpty, cookie == form["csrf"] else {
                throw VanguardError(.forbidden, .init("表单已过期，请刷新页面后重试", "The form has expired; reload the page and try again"))
            }
            var context = context
            context.csrfToken = cookie
            do {
                _ = try await vanguard.publicNotices.lodge(
                    nominationID: id, content: form["content"], name: form["name"], contact: form["contact"], client: context.clientAddress)
            } catch let error as VanguardError where error.kind == .invalid || error.kind == .tooManyRequests {
                return try await notice(
                    context, id: roundID, error: error.message.text(english: context.english), status: error.kind == .invalid ? .badRequest : .tooManyRequests)
            }
            return try await notice(
                context, id: roundID, message: context.english ? "Your objection was received; the committee will verify it." : "您反映的问题已收到，将由评选单位核实。")
        }
    }
}
