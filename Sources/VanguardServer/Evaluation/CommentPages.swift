import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 领导点评 and 组织认定 on the web: a leader's comment duties with a form each, the office's progress
/// per subtree with the leaders' contact points, and the determining organization's 认定 list.
struct CommentPages {
    let vanguard: Vanguard
    let views: Views

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct DutyView: Sendable {
        let key: String; let relation: String; let subject: String; let organizationID: Int64; let memberID: String; let done: Bool
        let achievements: String; let problems: String; let direction: String; let grades: [Option]
    }
    struct DutiesModel: Sendable { let frame: PageFrame; let period: String; let periodName: String; let periods: [Option]; let duties: [DutyView] }
    struct ProgressRowView: Sendable { let relation: String; let expected: Int; let done: Int; let state: String; let late: Bool }
    struct OutstandingView: Sendable { let relation: String; let subject: String; let organization: String; let commenter: String }
    struct ContactView: Sendable { let id: Int64; let removeURL: String; let member: String; let organization: String; let relation: String }
    struct ProgressModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let period: String; let periods: [Option]
        let rows: [ProgressRowView]; let outstanding: [OutstandingView]; let contacts: [ContactView]; let canManage: Bool
    }
    struct SubjectView: Sendable {
        let name: String; let subjectOrganizationID: Int64; let memberID: String; let comment: String; let fulfilment: String; let satisfaction: String
        let score: String; let proposed: String; let missing: String; let decided: String; let reason: String; let grades: [Option]
    }
    struct DeterminationsModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let year: Int; let subjects: [SubjectView]
    }

    /// The grade choices; with nothing selected the first choice is a blank "choose" (so a grade is never
    /// given by leaving the picker as it came, 优秀 at the top).
    static func grades(_ english: Bool, selected: EvaluationGrade?) -> [Option] {
        (selected == nil ? [Option(value: "", label: english ? "Choose…" : "请选择", selected: true)] : [])
            + EvaluationGrade.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: $0 == selected) }
    }

    func periods(_ current: HalfYear, english: Bool) -> [Option] {
        let now = HalfYear.containing(vanguard.time.today())
        return [now, now.previous, now.previous.previous].map { Option(value: $0.description, label: $0.name.text(english: english), selected: $0 == current) }
    }

    func period(_ request: Request) -> HalfYear {
        request.uri.queryParameters["period"].flatMap { HalfYear(String($0)) } ?? HalfYear.containing(vanguard.time.today())
    }

    /// The grade a form chose, or a clear refusal.
    static func grade(_ form: WebForm) throws -> EvaluationGrade {
        guard let g = EvaluationGrade(rawValue: form["grade"]) else { throw VanguardError.invalid("请选择等次", "Choose a grade", field: "grade") }
        return g
    }

    static func percent(_ r: Double?) -> String { r.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.comments.path) { request, context in
            let caller = try context.requireCaller()
            let period = period(request)
            let e = context.english
            let duties = try await vanguard.leaderComments.duties(period: period, as: caller).map { d in
                DutyView(
                    key: "\(d.relation.rawValue)-\(d.organizationID)-\(d.memberID ?? 0)", relation: d.relation.name.text(english: e), subject: d.subjectName,
                    organizationID: d.organizationID, memberID: d.memberID.map(String.init) ?? "", done: d.comment != nil,
                    achievements: d.comment?.draft.achievements ?? "", problems: d.comment?.draft.problems ?? "", direction: d.comment?.draft.direction ?? "",
                    grades: Self.grades(e, selected: d.comment?.draft.grade ?? .qualified))
            }
            return views.render(
                "comments",
                DutiesModel(
                    frame: PageFrame(context, title: Strings.text(english: e)["leaderComments"], path: WebURL.comments(period: period)),
                    period: period.description, periodName: period.name.text(english: e), periods: periods(period, english: e), duties: duties))
        }
        router.post(WebRoute.comments.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let period = HalfYear(form["period"]), let org = Int64(form["organizationId"]) else {
                throw VanguardError.invalid("点评对象或半年不正确", "Bad subject or half year", field: "period")
            }
            let grade = try Self.grade(form)
            _ = try await vanguard.leaderComments.comment(
                period: period, organizationID: org, memberID: Int64(form["memberId"]),
                .init(achievements: form["achievements"], problems: form["problems"], direction: form["direction"], grade: grade), as: caller)
            return redirect(WebURL.comments(period: period))
        }
        router.get(WebRoute.commentProgress.path) { request, context in
            let caller = try context.requireCaller()
            let period = period(request)
            let e = context.english
            let sheet = try await vanguard.leaderComments.progressSheet(organizationID: try context.id(), period: period, as: caller)
            let (org, rows, outstanding, contacts) = (sheet.organization, sheet.rows, sheet.outstanding, sheet.contacts)
            let t = Strings.text(english: e)
            return views.render(
                "commentprogress",
                ProgressModel(
                    frame: PageFrame(
                        context, title: org.name + " · " + t["commentProgress"], path: WebURL.commentProgress(org.id, period: period), organization: org.id),
                    organizationID: org.id, organizationName: org.name, period: period.description, periods: periods(period, english: e),
                    rows: rows.filter { $0.expected > 0 || $0.relation != .supervisedUnit }.map {
                        ProgressRowView(
                            relation: $0.relation.name.text(english: e), expected: $0.expected, done: $0.done, state: t["comment_" + $0.progress.rawValue],
                            late: $0.progress == .late)
                    },
                    outstanding: outstanding.map {
                        OutstandingView(
                            relation: $0.relation.name.text(english: e), subject: $0.subjectName, organization: $0.organizationName, commenter: $0.commenterName
                        )
                    },
                    contacts: contacts.map {
                        ContactView(
                            id: $0.id, removeURL: WebRoute.removeLeaderContact.url($0.id), member: $0.memberName, organization: $0.organizationName,
                            relation: $0.relation.name.text(english: e))
                    }, canManage: caller.allows(.manageOrganizations, at: org.path)))
        }
        router.post(WebRoute.leaderContacts.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            let relation = CommentRelation(rawValue: form["kind"]) ?? .contactPoint
            try await vanguard.leaderComments.addContact(organizationID: id, memberNo: form["memberNo"], relation: relation, as: caller)
            return redirect(WebURL.commentProgress(id))
        }
        router.post(WebRoute.removeLeaderContact.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            try await vanguard.leaderComments.removeContact(id: try context.id(), as: caller)
            return redirect(WebURL.commentProgress(Int64(form["back"]) ?? 0))
        }
        router.get(WebRoute.determinations.path) { request, context in
            let caller = try context.requireCaller()
            let year = request.uri.queryParameters["year"].flatMap { Int(String($0)) } ?? vanguard.time.today().year
            let e = context.english
            let board = try await vanguard.determinations.board(organizationID: try context.id(), year: year, as: caller)
            let org = board.organization
            var views_: [SubjectView] = []
            for row in board.rows {
                let (name, orgID, memberID, p) = (row.name, row.organizationID, row.memberID, row.determination)
                views_.append(
                    SubjectView(
                        name: name, subjectOrganizationID: orgID, memberID: memberID.map(String.init) ?? "",
                        comment: p.commentGrade?.name.text(english: e) ?? "—",
                        fulfilment: Self.percent(p.fulfilmentRate), satisfaction: Self.percent(p.satisfactionRate),
                        score: p.proposedScore.map { String(format: "%.2f", $0) } ?? "—", proposed: p.proposedGrade?.name.text(english: e) ?? "—",
                        missing: p.missing.map { $0.text(english: e) }.joined(separator: e ? "; " : "；"),
                        decided: p.decided?.name.text(english: e) ?? "", reason: p.reason ?? "", grades: Self.grades(e, selected: p.decided ?? p.proposedGrade))
                )
            }
            return views.render(
                "determinations",
                DeterminationsModel(
                    frame: PageFrame(
                        context, title: org.name + " · " + Strings.text(english: e)["determinations"],
                        path: WebURL.determinations(org.id, year: year), organization: org.id),
                    organizationID: org.id, organizationName: org.name, year: year, subjects: views_))
        }
        router.post(WebRoute.determinations.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let year = Int(form["year"]), let subject = Int64(form["subjectOrganizationId"]) else {
                throw VanguardError.invalid("认定对象不正确", "Bad subject", field: "subject")
            }
            let grade = try Self.grade(form)
            _ = try await vanguard.determinations.determine(
                organizationID: subject, memberID: Int64(form["memberId"]), year: year, grade: grade, reason: form["reason"], as: caller)
            return redirect(WebURL.determinations(try context.id(), year: year))
        }
    }
}
