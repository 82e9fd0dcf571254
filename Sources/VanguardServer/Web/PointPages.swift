import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 积分、评星、评分表 on the web: the branch's ranking with manual entries awaiting a second person,
/// a member's ledger, and an organization's scoring sheet with its siblings' ranking and export.
struct PointPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
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
    struct LeafView: Sendable { let code: String; let title: String; let maximum: String; let value: String }
    struct GroupView: Sendable { let title: String; let maximum: String; let leaves: [LeafView] }
    struct StageView: Sendable {
        let stage: String; let name: String; let total: String; let comment: String?; let scoredBy: String?; let groups: [GroupView]; let allowed: Bool
        let needsComment: Bool
    }
    struct RankView: Sendable {
        let name: String; let url: String; let selfCheck: String; let assessment: String; let comprehensive: String; let final: String; let rank: String;
        let stars: String
    }
    struct ScoringModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let year: Int; let templateID: Int64; let templates: [Option]
        let sheetTitle: String; let stages: [StageView]; let ranking: [RankView]; let exportURL: String
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
            let org = try await vanguard.organizations.get(try context.id(), as: caller)
            let year = try year(request)
            let standings = try await vanguard.points.ranking(branchID: org.id, year: year, as: caller).map {
                StandingView(
                    url: WebURL.memberPoints($0.memberID, year: year), name: $0.name, total: $0.total, rank: $0.rank, stars: Self.stars($0.stars),
                    memberID: $0.memberID)
            }
            let pending = try await vanguard.points.pending(branchID: org.id, as: caller).map { Self.entry($0, english: context.english) }
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
            let member = try await vanguard.members.get(try context.id(), as: caller)
            let (entries, standing) = try await vanguard.points.ledger(memberID: member.id, year: year, as: caller)
            // 点评记录: for the member herself and those who may read private records.
            let comments = ((try? await vanguard.leaderComments.comments(organizationID: member.organizationID, memberID: member.id, as: caller)) ?? []).map {
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
        router.get(WebRoute.scoring.path) { request, context in
            let caller = try context.requireCaller()
            let org = try await vanguard.organizations.get(try context.id(), as: caller)
            let year = try year(request)
            let templates = try await vanguard.scoring.templates()
            let chosen = request.uri.queryParameters["template"].flatMap { Int64(String($0)) } ?? templates.first?.id ?? 0
            let sheet = try await vanguard.scoring.sheet(templateID: chosen, organizationID: org.id, year: year, as: caller)
            let parent = await org.parentID.asyncFlatMap { try? await vanguard.organizations.get($0, as: caller) }
            let e = context.english
            let stages = ScoringStage.allCases.map { stage in
                let entry = sheet.entries[stage]
                let groups = sheet.template.criteria.children.map { group in
                    GroupView(
                        title: group.title, maximum: ScoringService.points(group.maximum),
                        leaves: group.leaves.map {
                            LeafView(
                                code: $0.code, title: $0.title, maximum: ScoringService.points($0.maximum),
                                value: entry?.scores[$0.code].map(ScoringService.points) ?? "")
                        })
                }
                let allowed =
                    stage.bySuperior ? parent.map { caller.allows(.reviewCommitments, at: $0.path) } ?? false : caller.allows(.reviewCommitments, at: org.path)
                return StageView(
                    stage: stage.rawValue, name: stage.name.text(english: e), total: entry.map { ScoringService.points($0.total) } ?? "—",
                    // Absent, not empty, until scored: an empty string would still open the template's sections.
                    comment: entry?.comment, scoredBy: entry?.scoredBy, groups: groups, allowed: allowed, needsComment: stage == .comprehensive)
            }
            let ranking = try await vanguard.scoring.ranking(templateID: chosen, parentID: org.id, year: year, as: caller).map { r in
                RankView(
                    name: r.name, url: WebURL.scoring(r.organizationID, template: chosen, year: year),
                    selfCheck: r.totals[.selfCheck].map(ScoringService.points) ?? "", assessment: r.totals[.assessment].map(ScoringService.points) ?? "",
                    comprehensive: r.totals[.comprehensive].map(ScoringService.points) ?? "", final: r.final.map(ScoringService.points) ?? "—",
                    rank: r.rank.map(String.init) ?? "—", stars: Self.stars(r.stars))
            }
            return views.render(
                "scoring",
                ScoringModel(
                    frame: PageFrame(
                        context, title: org.name + " · " + sheet.template.criteria.title,
                        path: WebURL.scoring(org.id, template: chosen, year: year), organization: org.id),
                    organizationID: org.id, organizationName: org.name, year: year, templateID: chosen,
                    templates: templates.map { Option(value: String($0.id), label: $0.criteria.title, selected: $0.id == chosen) },
                    sheetTitle: sheet.template.criteria.title,
                    stages: stages, ranking: ranking, exportURL: WebURL.scoringExport(org.id, template: chosen, year: year)))
        }
        router.post(WebRoute.scoring.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            guard let template = Int64(form["template"]), let year = Int(form["year"]), let stage = ScoringStage(rawValue: form["stage"]) else {
                throw VanguardError.invalid("评分表、年度或阶段不正确", "Bad sheet, year or stage", field: "stage")
            }
            var scores: [String: Double] = [:]
            for leaf in try await vanguard.scoring.templates().first(where: { $0.id == template })?.criteria.leaves ?? [] {
                let text = form["score." + leaf.code]
                guard !text.isEmpty else { continue }
                guard let v = Double(text) else { throw VanguardError.invalid("“\(leaf.title)”的得分须为数字", "'\(leaf.title)' needs a number", field: leaf.code) }
                scores[leaf.code] = v
            }
            _ = try await vanguard.scoring.score(
                templateID: template, organizationID: id, year: year, stage: stage, scores: scores, comment: form["comment"], as: caller)
            return redirect(WebURL.scoring(id, template: template, year: year))
        }
        router.get(WebRoute.scoringExport.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let q = request.uri.queryParameters
            let template = q["template"].flatMap { Int64(String($0)) } ?? 0
            let year = try year(request)
            let format = q["format"].flatMap { SheetFormat(rawValue: String($0)) } ?? .xlsx
            let data = try await vanguard.scoring.export(templateID: template, parentID: id, year: year, format: format, as: caller)
            return ImportPage.download(data, name: "scoring-\(id)-\(year).\(format.rawValue)", format: format)
        }
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
