import Hummingbird
import VanguardCore
import VanguardStore

/// 督查帮扶 on the web: backward units with their pairing and ledger, and the rectification items every
/// source shares (a subtree's ledger, one item's page).
enum SupportCapability: WebCapability {
    static let routes: [WebRoute] = [
        .backwardBoard, .backwardUnit, .backwardAct, .rectificationLedger, .rectification, .myContacts, .contactVisits, .contactCoverage,
        .inspections, .inspectionPlan, .inspectionReport, .inspection, .secretaryReviews, .demonstration, .demonstrationDecision, .urbanRural, .pairingAct,
    ]
    static var strings: Strings.Catalog { Strings.support }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        BackwardPages(vanguard: app.vanguard, views: app.views).register(on: router)
        RectificationPages(vanguard: app.vanguard, views: app.views).register(on: router)
        ContactPages(vanguard: app.vanguard, views: app.views).register(on: router)
        InspectionPages(vanguard: app.vanguard, views: app.views).register(on: router)
        DemonstrationPages(vanguard: app.vanguard, views: app.views).register(on: router)
        router.post(WebRoute.secretaryReviews.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            _ = try await app.vanguard.organizations.get(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            guard let kind = SecretaryReviewKind(rawValue: form["kind"]) else {
                throw VanguardError.invalid("请选择履职评价或问责", "Choose performance or accountability", field: "kind")
            }
            _ = try await app.vanguard.secretaries.review(
                organizationID: id, kind: kind, rating: SecretaryRating(rawValue: form["rating"]), text: form["text"], measure: form["measure"], as: caller)
            return redirect(WebURL.organization(id) + "#secretary")
        }
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
    /// 我的联系点
    static let myContacts = WebRoute("/me/contacts")
    /// Records a visit (调研指导).
    static let contactVisits = WebRoute("/contact-visits")
    /// 联系点覆盖 of a subtree.
    static let contactCoverage = WebRoute("/organizations/:id/contact-coverage")
    /// 巡回检查 of a quarter (GET), and the office's new group (POST).
    static let inspections = WebRoute("/organizations/:id/inspections")
    /// The office plans a group's units for a quarter.
    static let inspectionPlan = WebRoute("/organizations/:id/inspections/plan")
    /// The quarter's report (Excel).
    static let inspectionReport = WebRoute("/organizations/:id/inspections/report")
    /// One planned inspection (GET), recorded by its group (POST).
    static let inspection = WebRoute("/inspections/:id")
    /// 书记抓、抓书记: the superior records a review of the organization's secretary (POST).
    static let secretaryReviews = WebRoute("/organizations/:id/secretary-reviews")
}

extension WebURL {
    static let myContacts = WebRoute.myContacts.pattern
    static let contactVisits = WebRoute.contactVisits.pattern
    static func contactCoverage(_ id: Int64) -> String { WebRoute.contactCoverage.url(id) }
    static func inspections(_ id: Int64, quarter: Quarter? = nil, todo: Bool = false) -> String {
        WebRoute.inspections.url(id) + (quarter.map { "?quarter=\($0)" + (todo ? "&todo=1" : "") } ?? (todo ? "?todo=1" : ""))
    }
    static func inspectionPlan(_ id: Int64) -> String { WebRoute.inspectionPlan.url(id) }
    static func inspectionReport(_ id: Int64, quarter: Quarter) -> String { WebRoute.inspectionReport.url(id) + "?quarter=\(quarter)&format=xlsx" }
    static func inspection(_ id: Int64) -> String { WebRoute.inspection.url(id) }
    static func secretaryReviews(_ id: Int64) -> String { WebRoute.secretaryReviews.url(id) }
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

extension WebRoute {
    /// 示范点 of an organization (GET), and the proposal (POST).
    static let demonstration = WebRoute("/organizations/:id/demonstration")
    /// The decision on a proposal (POST).
    static let demonstrationDecision = WebRoute("/demonstration-points/:id/decision")
    /// 城乡结对共建 of a subtree (GET), and a new pairing (POST).
    static let urbanRural = WebRoute("/organizations/:id/urban-rural")
    /// A pairing's commands (POST): help, end.
    static let pairingAct = WebRoute("/pairings/:id/:action")
}

extension WebURL {
    static func demonstration(_ id: Int64) -> String { WebRoute.demonstration.url(id) }
    static func demonstrationDecision(_ id: Int64) -> String { WebRoute.demonstrationDecision.url(id) }
    static func urbanRural(_ id: Int64) -> String { WebRoute.urbanRural.url(id) }
    static func pairingAct(_ id: Int64, _ action: String) -> String { WebRoute.pairingAct.url(id, action) }
}
