import Hummingbird
import VanguardCore

/// 百分制考评 on the web: scoring sheets by stage, rankings and export, and the scoring templates.
enum ScoringCapability: WebCapability {
    static let routes: [WebRoute] = [.scoring, .scoringExport, .scoringTemplates]

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        ScoringPages(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let scoring = WebRoute("/organizations/:id/scoring")
    static let scoringExport = WebRoute("/organizations/:id/scoring/export")
    static let scoringTemplates = WebRoute("/scoring-templates")
}

extension WebURL {
    static let scoringTemplates = WebRoute.scoringTemplates.pattern
    static func scoring(_ id: Int64, template: Int64, year: Int) -> String { WebRoute.scoring.url(id) + "?template=\(template)&year=\(year)" }
    static func scoringExport(_ id: Int64, template: Int64, year: Int) -> String { WebRoute.scoringExport.url(id) + "?template=\(template)&year=\(year)" }
}
