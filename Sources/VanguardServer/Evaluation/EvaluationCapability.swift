import Hummingbird
import VanguardCore

/// 评诺 on the web: leaders' comments and contact points, anonymous mass evaluation, determination and
/// the campaign's evaluation settings.
enum EvaluationCapability: WebCapability {
    static let routes: [WebRoute] = [
        .comments, .commentProgress, .determinations, .leaderContacts, .removeLeaderContact, .evaluations, .evaluation, .evaluationClose, .evaluationCodes,
        .evaluationReprint, .ballotEntry, .ballot, .evaluationSettings,
    ]
    static var strings: Strings.Catalog { Strings.evaluation }

    static func register(on router: Router<AppRequestContext>, _ app: WebApp) {
        EvaluationPages(vanguard: app.vanguard, views: app.views, guesses: app.guesses, ballotWait: app.ballotWait).register(on: router)
        CommentPages(vanguard: app.vanguard, views: app.views).register(on: router)
        EvaluationRulesPage(vanguard: app.vanguard, views: app.views).register(on: router)
    }
}

extension WebRoute {
    static let comments = WebRoute("/comments")
    static let commentProgress = WebRoute("/organizations/:id/comments")
    static let determinations = WebRoute("/organizations/:id/determinations")
    static let leaderContacts = WebRoute("/organizations/:id/leader-contacts")
    static let removeLeaderContact = WebRoute("/leader-contacts/:id/remove")
    static let evaluations = WebRoute("/organizations/:id/evaluations")
    static let evaluation = WebRoute("/evaluations/:id")
    static let evaluationClose = WebRoute("/evaluations/:id/close")
    static let evaluationCodes = WebRoute("/evaluations/:id/codes")
    /// 重新打印 a batch of codes (derived again from the ballot key; audited).
    static let evaluationReprint = WebRoute("/evaluations/:id/batches/:batch/reprint")
    static let ballotEntry = WebRoute("/v")
    static let ballot = WebRoute("/v/:code")
    static let evaluationSettings = WebRoute("/campaigns/:id/evaluation-settings")
}

extension WebURL {
    static func comments(period: HalfYear) -> String { WebRoute.comments.pattern + "?period=\(period)" }
    static func commentProgress(_ id: Int64, period: HalfYear? = nil) -> String { WebRoute.commentProgress.url(id) + (period.map { "?period=\($0)" } ?? "") }
    static func determinations(_ id: Int64, year: Int) -> String { WebRoute.determinations.url(id) + "?year=\(year)" }
    static func evaluations(_ id: Int64) -> String { WebRoute.evaluations.url(id) }
    static func evaluation(_ id: Int64) -> String { WebRoute.evaluation.url(id) }
    static func ballot(_ code: String) -> String { WebRoute.ballot.url(code) }
    static let ballotEntry = WebRoute.ballotEntry.pattern
    static func evaluationSettings(_ campaignID: Int64) -> String { WebRoute.evaluationSettings.url(campaignID) }
}
