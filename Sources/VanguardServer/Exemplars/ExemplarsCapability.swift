import Hummingbird
import VanguardCore
import VanguardStore

/// 典型宣传 on the web: the office's stories (write with photos, publish, withdraw) and the public campaign
/// page with the campaign's figures (no login).
enum ExemplarsCapability: WebCapability {
    static let routes: [WebRoute] = [.exemplars, .exemplarAct, .publicExemplars, .publicExemplar, .exemplarPhoto]
    static var strings: Strings.Catalog { Strings.exemplars }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        ExemplarPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    /// An office's stories (GET) and a new one (POST, multipart with photos).
    static let exemplars = WebRoute("/organizations/:id/exemplars")
    /// 发布 or 撤下 (POST `publish` / `withdraw`).
    static let exemplarAct = WebRoute("/exemplars/:id/:action")
    /// 创先争优 public campaign page: published stories and the figures.
    static let publicExemplars = WebRoute("/public/exemplars")
    /// One published story.
    static let publicExemplar = WebRoute("/public/exemplars/:id")
    /// A story's photo (public once the story is published).
    static let exemplarPhoto = WebRoute("/public/exemplar-photos/:id")
}

extension WebURL {
    static func exemplars(_ id: Int64) -> String { WebRoute.exemplars.url(id) }
    /// The desk with the form filled for a candidate (its organization's code, its member's number, the source).
    static func exemplars(_ id: Int64, candidate c: ExemplarCandidate) -> String {
        var query = ["organization=" + WebRoute.encode(c.organizationCode), "source=" + c.source.rawValue]
        if let no = c.memberNo { query.append("member=" + WebRoute.encode(no)) }
        return WebRoute.exemplars.url(id) + "?" + query.joined(separator: "&")
    }
    static func exemplarAct(_ id: Int64, _ action: String) -> String { WebRoute.exemplarAct.url(id, action) }
    static let publicExemplars = WebRoute.publicExemplars.pattern
    static func publicExemplar(_ id: Int64) -> String { WebRoute.publicExemplar.url(id) }
    static func exemplarPhoto(_ id: Int64) -> String { WebRoute.exemplarPhoto.url(id) }
}
