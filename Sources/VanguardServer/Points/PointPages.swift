import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 积分、评星 on the web: the branch's ranking with manual entries awaiting a second person, and a
/// member's ledger.
struct PointPages {
    let vanguard: Vanguard
    let views: Views

    struct StandingView: Sendable { let url: String; let name: String; let total: Int; let rank: Int; let stars: String; let memberID: Int64 }
    struct EntryView: Sendable {
        let id: Int64; let approveURL: String; let rejectURL: String; let member: String; let event: String; let day: String; let points: Int;
        let reason: String; let state: String
    }
    struct RankingModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let year: Int; let standings: [StandingView]
        let pending: [EntryView]; let canManage: Bool
    }
    struct CommentView: Sendable {
        let period: String; let commenter: String; let grade: String; let achievements: String; let problems: String; let direction: String
    }
    struct LedgerModel: Sendable {
        let frame: PageFrame; let name: String; let organizationURL: String; let year: Int; let total: Int; let rank: Int; let stars: String
        let entries: [EntryView]; let comments: [CommentView]
    }

    static func stars(_ n: Int) -> String { n == 0 ? "—" : String(repeating: "★", count: n) }

    static func entry(_ e: PointEntry, english: Bool) -> EntryView {
        EntryView(
            id: e.id, approveURL: WebRoute.pointDecision.url(e.id, "approve"), rejectURL: WebRoute.pointDecision.url(e.id, "reject"), member: e.memberName,
            event: e.event.name.text(english: english), day: e.day.description, points: e.points, reason: e.reason ?? "",
            state: e.state)
    }

    func year(_ request: Request) throws -> Int { try request.queryYear(default: vanguard.time.today().year) }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.points.path) { request, context in
            let caller = try context.requireCaller()
            let year = try year(request)
            let board = try await vanguard.points.board(branchID: try context.id(), year: year, as: caller)
            let org = board.organization
            let standings = board.standings.map {
                StandingView(
                    url: WebURL.memberPoints($0.memberID, year: year), name: $0.name, total: $0.total, rank: $0.rank, stars: Self.stars($0.stars),
                    memberID: $0.memberID)
            }
            let pending = board.pending.map { Self.entry($0, english: context.english) }
            return views.render(
                "points",
                RankingModel(
                    frame: PageFrame(
                        context, title: org.name + " · " + Strings.text(english: context.english)["points"], path: WebURL.points(org.id), organization: org.id),
                    organizationID: org.id, organizationName: org.name, year: year, standings: standings, pending: pending,
                    canManage: caller.allows(.manageMembers, at: org.path)))
        }
        router.post(WebRoute.points.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let member = Int64(form["memberId"]) else { throw VanguardError.invalid("请选择党员", "Choose a member", field: "memberId") }
            guard let points = Int(form["points"]) else { throw VanguardError.invalid("请填写分值（整数，扣分为负数）", "Enter whole points", field: "points") }
            _ = try await vanguard.points.propose(memberID: member, points: points, reason: form["reason"], as: caller)
            return redirect(WebURL.points(try context.id()))
        }
        router.post(WebRoute.pointDecision.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let approve = context.parameters.get("decision") == "approve"
            try await vanguard.points.decide(eventID: try context.id(), approve: approve, as: caller)
            return redirect(WebURL.points(Int64(form["back"]) ?? 0))
        }
        router.get(WebRoute.memberPoints.path) { request, context in
            let caller = try context.requireCaller()
            let year = try year(request)
            let ledger = try await vanguard.points.memberLedger(memberID: try context.id(), year: year, as: caller)
            let (member, entries, standing) = (ledger.member, ledger.entries, ledger.standing)
            // 点评记录: for the member herself and those who may read private records.
            let comments = ledger.comments.map {
                CommentView(
                    period: $0.period.name.text(english: context.english), commenter: $0.commenterName,
                    grade: $0.draft.grade.name.text(english: context.english),
                    achievements: $0.draft.achievements, problems: $0.draft.problems, direction: $0.draft.direction)
            }
            return views.render(
                "memberpoints",
                LedgerModel(
                    frame: PageFrame(
                        context, title: member.draft.name + " · " + Strings.text(english: context.english)["pointLedger"],
                        path: WebURL.memberPoints(member.id)),
                    name: member.draft.name, organizationURL: WebURL.points(member.organizationID, year: year), year: year, total: standing.total,
                    rank: standing.rank, stars: Self.stars(standing.stars),
                    entries: entries.filter { $0.state == "approved" }.map { Self.entry($0, english: context.english) }, comments: comments))
        }
    }
}
