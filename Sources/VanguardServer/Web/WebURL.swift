import Foundation

/// Every link the web pages use, from one place: no hand-built URL strings in handlers or templates.
enum WebURL {
    static let home = "/"
    static let login = "/login"
    static let logout = "/logout"
    static let search = "/search"
    static let importPage = "/import"
    static let campaigns = "/campaigns"
    static let password = "/account/password"
    static let audit = "/audit"
    static func auditExport(_ format: String) -> String { "/audit/export.\(format)" }
    static let sessions = "/account/sessions"
    static func endSession(_ id: String) -> String { "/account/sessions/\(id)/end" }
    static func accounts(_ organizationID: Int64) -> String { "/organizations/\(organizationID)/accounts" }
    static func account(_ id: Int64) -> String { "/accounts/\(id)" }
    static func accountAction(_ id: Int64, _ action: String) -> String { "/accounts/\(id)/\(action)" }
    static func organization(_ id: Int64) -> String { "/organizations/\(id)" }
    static func organizationPage(_ id: Int64, page: Int) -> String { "/organizations/\(id)?page=\(page)" }
    static func treeChildren(_ id: Int64) -> String { "/organizations/\(id)/tree" }
    static func organizationAction(_ id: Int64, _ action: String) -> String { "/organizations/\(id)/\(action)" }
    static func board(_ id: Int64) -> String { "/board/\(id)" }
    static let commitments = "/commitments"
    static func commitment(_ id: Int64) -> String { "/commitments/\(id)" }
    static func commitmentAction(_ id: Int64) -> String { "/commitments/\(id)/act" }
    static func reviewQueue(_ id: Int64) -> String { "/organizations/\(id)/commitments" }
    static func newCommitment(memberID: Int64) -> String { "/commitments/new?memberId=\(memberID)" }
    static func newCommitment(organizationID: Int64) -> String { "/commitments/new?organizationId=\(organizationID)" }
    static func commitmentPart(_ id: Int64, _ part: String) -> String { "/commitments/\(id)/\(part)" }
    static func evidence(_ id: Int64) -> String { "/evidence/\(id)" }
    static func resolveSupervision(_ id: Int64) -> String { "/supervision/\(id)/resolve" }
    static let inbox = "/inbox"
    static func ledger(_ id: Int64) -> String { "/organizations/\(id)/ledger" }
    static func coverage(_ id: Int64) -> String { "/organizations/\(id)/coverage" }
    static func supervision(_ id: Int64) -> String { "/organizations/\(id)/supervision" }
    static func letters(_ id: Int64) -> String { "/organizations/\(id)/letters" }
    static func poster(_ id: Int64) -> String { "/board/\(id)/poster" }
    static func shortLink(_ id: Int64) -> String { "/b/\(id)" }
    static func member(_ id: Int64) -> String { "/members/\(id)" }
    static func memberAction(_ id: Int64, _ action: String) -> String { "/members/\(id)/\(action)" }
    static func export(kind: String, organizationID: Int64, format: String) -> String {
        "/export/\(kind).\(format)?organizationId=\(organizationID)"
    }
    static func template(kind: String, format: String) -> String { "/template/\(kind).\(format)" }
    static func searchFor(_ q: String) -> String {
        "/search?q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }
}
