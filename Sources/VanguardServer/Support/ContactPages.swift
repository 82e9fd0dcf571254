import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 领导干部联系点 on the web: "我的联系点" (each point's last visit, whether a visit is due this period — a quarter unless the campaign set another interval, its
/// satisfaction and commitments, and the form that records a visit — on a phone as on a desk) and a
/// subtree's coverage for the office (leaders without points, points without a visit this period).
struct ContactPages {
    let vanguard: Vanguard
    let views: Views

    struct PointView: Sendable {
        let organizationID: Int64; let name: String; let url: String; let lastVisit: String; let due: Bool; let visitsThisYear: Int
        let satisfaction: String; let commitments: String; let openItems: Int
        /// 示范点: its state (or nothing yet) and its page.
        let demonstration: String; let demonstrationURL: String
    }
    struct VisitView: Sendable {
        let visitedOn: String; let organization: String; let participants: String; let examined: String; let problems: String; let guidance: String
        let solved: String
    }
    struct MineModel: Sendable {
        let frame: PageFrame; let quarter: String; let points: [PointView]; let due: Int; let visits: [VisitView]; let today: String; let action: String
    }
    struct Line: Sendable { let name: String; let organization: String; let url: String? }
    struct CoverageModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let quarter: String; let leaders: String
        let withoutPoints: [Line]; let withoutPointsCount: String; let points: String; let unvisited: [Line]; let unvisitedCount: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.myContacts.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let mine = try await vanguard.visits.mine(as: caller)
            let today = vanguard.time.today()
            let points = mine.points.map { p in
                PointView(
                    organizationID: p.organization.id, name: p.organization.name, url: WebURL.organization(p.organization.id),
                    lastVisit: p.lastVisit?.description ?? t["cvNever"], due: p.due, visitsThisYear: p.visitsThisYear,
                    satisfaction: ChineseNumber.percent(p.satisfaction), commitments: "\(p.fulfilled) / \(p.commitments)", openItems: p.openItems,
                    demonstration: p.demonstration?.name.text(english: e) ?? t["dpPropose"], demonstrationURL: WebURL.demonstration(p.organization.id))
            }
            let model = MineModel(
                frame: PageFrame(context, title: t["myContacts"], path: WebURL.myContacts), quarter: "\(mine.period.first) – \(mine.period.last)",
                points: points, due: points.filter(\.due).count,
                visits: mine.visits.map {
                    VisitView(
                        visitedOn: $0.visitedOn.description, organization: $0.organizationName, participants: $0.participants, examined: $0.examined,
                        problems: $0.problems, guidance: $0.guidance, solved: $0.solved)
                }, today: today.description, action: WebURL.contactVisits)
            return views.render("mycontacts", model)
        }
        router.post(WebRoute.contactVisits.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let organization = try form.id("organization", "联系点")
            var item: VisitProblem?
            if !form["itemProblem"].isEmpty {
                item = VisitProblem(
                    problem: form["itemProblem"], measure: form["itemMeasure"], responsible: form["itemResponsible"],
                    deadline: try form.day("itemDeadline", "整改时限"))
            }
            _ = try await vanguard.visits.record(
                organizationID: organization, leaderID: nil, visitedOn: try form.day("visitedOn", "调研日期"), participants: form["participants"],
                examined: form["examined"], problems: form["problems"], guidance: form["guidance"], solved: form["solved"], item: item, as: caller)
            return redirect(WebURL.myContacts)
        }
        router.get(WebRoute.contactCoverage.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let c = try await vanguard.visits.coverage(organizationID: id, as: caller)
            let model = CoverageModel(
                frame: PageFrame(context, title: c.organization.name + " · " + t["contactCoverage"], path: WebURL.contactCoverage(id), organization: id),
                organizationName: c.organization.name, organizationURL: WebURL.organization(id), quarter: "\(c.periodFirst) – \(c.periodLast)",
                leaders: ChineseNumber.exact(c.leaders),
                withoutPoints: c.leadersWithoutPoints.map { Line(name: $0.name, organization: $0.organization, url: WebURL.member($0.memberID)) },
                withoutPointsCount: ChineseNumber.exact(c.leadersWithoutPointsCount), points: ChineseNumber.exact(c.points),
                unvisited: c.unvisited.map { Line(name: $0.leader, organization: $0.organization, url: WebURL.organization($0.organizationID)) },
                unvisitedCount: ChineseNumber.exact(c.unvisitedCount))
            return views.render("contactcoverage", model)
        }
    }
}
