import Hummingbird
import VanguardCore
import VanguardStore

/// 督查帮扶 on the web: backward units with their pairing and ledger, and the rectification items every
/// source shares (a subtree's ledger, one item's page).
enum SupportCapability: WebCapability {
    static let routes: [WebRoute] = [.backwardBoard, .backwardUnit, .backwardAct, .rectificationLedger, .rectification]
    static var strings: Strings.Catalog { Strings.support }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        BackwardPages(vanguard: app.vanguard, views: app.views).register(on: router)
        RectificationPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    /// 后进帮扶: the designations of a subtree, and the forms that designate.
    static let backwardBoard = WebRoute("/organizations/:id/backward")
    /// One backward unit: pairing, ledger, help, lifting.
    static let backwardUnit = WebRoute("/backward/:id")
    /// Its commands: pair, help, item, lift, unpair.
    static let backwardAct = WebRoute("/backward/:id/:action")
    /// 整改台账 of a subtree.
    static let rectificationLedger = WebRoute("/organizations/:id/rectifications")
    /// One rectification item, and its steps (POST).
    static let rectification = WebRoute("/rectifications/:id")
}

extension WebURL {
    static func backwardBoard(_ id: Int64) -> String { WebRoute.backwardBoard.url(id) }
    static func backward(_ id: Int64) -> String { WebRoute.backwardUnit.url(id) }
    static func backwardAct(_ id: Int64, _ action: String) -> String { WebRoute.backwardAct.url(id, action) }
    static func rectification(_ id: Int64) -> String { WebRoute.rectification.url(id) }
    static func rectifications(_ id: Int64, filter: RectificationFilter = .all, confirming: Bool = false) -> String {
        var query: [String] = []
        if filter != .all { query.append("state=\(filter.rawValue)") }
        if confirming { query.append("confirming=1") }
        return WebRoute.rectificationLedger.url(id) + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}
