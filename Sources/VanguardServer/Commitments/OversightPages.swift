import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 承诺台账, 全覆盖 (with the branch's meetings and exemptions) and 跟踪检查 for an organization's subtree.
struct OversightPages {
    let vanguard: Vanguard
    let views: Views
    static let pageSize = 50

    struct Option: Sendable { let value: String; let label: String; let selected: Bool }
    struct LedgerRow: Sendable {
        let url: String; let who: String; let place: String; let kind: String; let state: String; let items: Int; let fulfilled: Int
        let nextDeadline: String; let late: Bool
    }
    struct LedgerModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let action: String
        let year: Int; let states: [Option]; let kinds: [Option]; let subjects: [Option]; let overdue: Bool
        let awaitingReview: Bool
        let rows: [LedgerRow]; let total: Int; let previousURL: String?; let nextURL: String?; let xlsxURL: String; let csvURL: String
        let canUrge: Bool; let urgeURL: String
        /// The Excel and CSV links, for those the export allows.
        let canExport: Bool
    }
    struct CoverageLine: Sendable {
        let name: String; let url: String; let members: Int; let exempted: Int; let committed: Int; let missing: Int; let orgCommitted: Bool
    }
    struct Person: Sendable { let id: Int64; let name: String; let url: String; let onBehalfURL: String }
    struct ExemptionView: Sendable { let memberID: Int64; let name: String; let reason: String; let consent: String; let note: String }
    struct MeetingView: Sendable { let heldOn: String; let attendees: Int; let topic: String }
    struct CoverageModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let organizationURL: String; let year: Int
        let own: CoverageLine; let children: [CoverageLine]; let missing: [Person]; let exemptions: [ExemptionView]
        let meetings: [MeetingView]; let reasons: [Option]; let canManage: Bool; let today: String
    }
    struct SupervisionView: Sendable {
        let heldOn: String; let kind: String; let organization: String; let findings: String; let urged: String; let deadline: String
        let resolved: String; let commitmentURL: String?
    }
    struct SupervisionModel: Sendable {
        let frame: PageFrame; let organizationID: Int64; let organizationName: String; let organizationURL: String
        let records: [SupervisionView]; let kinds: [Option]; let canRecord: Bool; let today: String
    }

    /// The ledger's filters from the query string (the page and its exports read the same ones).
    func ledgerFilter(_ request: Request) throws -> LedgerFilter {
        let q = request.uri.queryParameters
        return LedgerFilter(
            year: try request.queryYear(default: vanguard.time.today().year), state: q["state"].flatMap { CommitmentState(rawValue: String($0)) },
            kind: q["kind"].flatMap { CommitmentKind(rawValue: String($0)) },
            subject: q["subject"].map(String.init).flatMap { ["member", "organization"].contains($0) ? $0 : nil },
            overdueOnly: q["overdue"].map { ["1", "on", "true"].contains(String($0)) } ?? false,
            awaitingReviewOnly: q["review"].map { ["1", "on", "true"].contains(String($0)) } ?? false)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.ledger.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let filter = try ledgerFilter(request)
            let (year, state, kind, subject, overdue) = (filter.year, filter.state, filter.kind, filter.subject, filter.overdueOnly)
            let page = max(0, request.uri.queryParameters["page"].flatMap { Int(String($0)) } ?? 0)
            let id = try context.id()
            let result = try await vanguard.ledger.page(organizationID: id, filter: filter, limit: Self.pageSize, offset: page * Self.pageSize, as: caller)
            let today = vanguard.time.today()
            var query = "year=\(year)"
            if let state { query += "&state=\(state.rawValue)" }
            if let kind { query += "&kind=\(kind.rawValue)" }
            if let subject { query += "&subject=\(subject)" }
            if overdue { query += "&overdue=1" }
            if filter.awaitingReviewOnly { query += "&review=1" }
            let base = WebURL.ledger(id)
            let t = Strings.text(english: english)
            let model = LedgerModel(
                frame: PageFrame(context, title: result.organization.name + " · " + t["ledger"], path: base + "?" + query),
                organizationName: result.organization.name, organizationURL: WebURL.organization(id), action: base, year: year,
                states: [Option(value: "", label: t["all"], selected: state == nil)]
                    + CommitmentState.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: $0 == state) },
                kinds: [Option(value: "", label: t["all"], selected: kind == nil)]
                    + CommitmentKind.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: $0 == kind) },
                subjects: [("", t["all"]), ("member", t["memberSubject"]), ("organization", t["organizationSubject"])].map {
                    Option(value: $0.0, label: $0.1, selected: $0.0 == (subject ?? ""))
                }, overdue: overdue, awaitingReview: filter.awaitingReviewOnly,
                rows: result.rows.map { c in
                    let open = c.items.filter { !$0.fulfilled }.map(\.draft.deadline).min()
                    return LedgerRow(
                        url: WebURL.commitment(c.id), who: c.memberName ?? c.organizationName, place: c.organizationName,
                        kind: c.kind.name.text(english: english), state: c.state.name.text(english: english), items: c.items.count,
                        fulfilled: c.items.filter(\.fulfilled).count, nextDeadline: open?.description ?? "",
                        late: c.state.isPublic && (open.map { $0 < today } ?? false))
                }, total: result.total,
                previousURL: page > 0 ? base + "?" + query + "&page=\(page - 1)" : nil,
                nextURL: (page + 1) * Self.pageSize < result.total ? base + "?" + query + "&page=\(page + 1)" : nil,
                xlsxURL: WebURL.ledgerExport(id, format: "xlsx", query: query), csvURL: WebURL.ledgerExport(id, format: "csv", query: query),
                canUrge: overdue && result.total > 0 && caller.allows(.reviewCommitments, at: result.organization.path),
                urgeURL: WebURL.urgeOverdue(id), canExport: LedgerService.mayExport(result.organization.path, caller))
            return views.render("ledger", model)
        }
        router.get(WebRoute.ledgerExport.path) { request, context in
            let caller = try context.requireCaller()
            let file = context.parameters.get("file") ?? ""
            guard file.hasPrefix("export."), let format = SheetFormat(rawValue: String(file.dropFirst("export.".count))) else {
                throw VanguardError.notFound(.init("该文件", "File"))
            }
            let filter = try ledgerFilter(request)
            let id = try context.id()
            let data = try await vanguard.ledger.export(organizationID: id, filter: filter, format: format, as: caller)
            return try Download.response(data)
        }
        router.post(WebRoute.urgeOverdue.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            _ = try await vanguard.reminders.urgeOverdue(organizationID: id, note: form["note"], as: caller)
            return redirect(WebURL.ledger(id) + "?overdue=1")
        }
        router.get(WebRoute.coverage.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let id = try context.id()
            let year = request.uri.queryParameters["year"].flatMap { Int(String($0)) } ?? vanguard.time.today().year
            let cov = try await vanguard.branches.coverageSheet(organizationID: id, year: year, as: caller)
            let org = cov.organization
            func line(_ r: CoverageRow, own: Bool) -> CoverageLine {
                CoverageLine(
                    name: own ? t["ownMembersRow"] : r.organizationName, url: own ? WebURL.organization(r.organizationID) : WebURL.coverage(r.organizationID),
                    members: r.members, exempted: r.exempted, committed: r.committed, missing: r.missing, orgCommitted: r.organizationCommitted)
            }
            let canManage = caller.allows(.manageMembers, at: org.path)
            let model = CoverageModel(
                frame: PageFrame(context, title: org.name + " · " + t["coverage"], path: WebURL.coverage(id), organization: id), organizationID: id,
                organizationName: org.name, organizationURL: WebURL.organization(id), year: year, own: line(cov.own, own: true),
                children: cov.children.map { line($0, own: false) },
                missing: cov.missing.map {
                    Person(id: $0.id, name: $0.name, url: WebURL.member($0.id), onBehalfURL: WebURL.newCommitment(memberID: $0.id))
                },
                exemptions: cov.exemptions.map {
                    ExemptionView(
                        memberID: $0.memberID, name: $0.memberName, reason: $0.reason.name.text(english: english), consent: $0.consent, note: $0.note ?? "")
                },
                meetings: cov.meetings.map {
                    MeetingView(heldOn: $0.heldOn.description, attendees: $0.attendees, topic: $0.topic)
                },
                reasons: CommitmentExemption.Reason.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: false) },
                canManage: canManage, today: vanguard.time.today().description)
            return views.render("coverage", model)
        }
        router.post(WebRoute.meetings.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            guard let heldOn = CalendarDay(parsing: form["heldOn"]), let attendees = Int(form["attendees"]) else {
                throw VanguardError.invalid("请填写会议日期和到会人数", "Enter the date and the attendance", field: "heldOn")
            }
            _ = try await vanguard.branches.recordMeeting(
                organizationID: id, year: heldOn.year, heldOn: heldOn, attendees: attendees, topic: form["topic"], as: caller)
            return redirect(WebURL.coverage(id))
        }
        router.post(WebRoute.exemptions.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let reason = CommitmentExemption.Reason(rawValue: form["reason"]), let year = Int(form["year"]) else {
                throw VanguardError.invalid("请选择免除原因", "Choose the reason", field: "reason")
            }
            let memberID = try form.id("memberId", "党员")
            if form.flag("remove") {
                try await vanguard.branches.removeExemption(memberID: memberID, year: year, as: caller)
            } else {
                try await vanguard.branches.exempt(memberID: memberID, year: year, reason: reason, consent: form["consent"], note: form["note"], as: caller)
            }
            return redirect(WebURL.coverage(try context.id()))
        }
        router.get(WebRoute.supervision.path) { _, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let (org, records) = try await vanguard.supervision.listOf(organizationID: try context.id(), as: caller)
            let model = SupervisionModel(
                frame: PageFrame(context, title: org.name + " · " + t["supervision"], path: WebURL.supervision(org.id), organization: org.id),
                organizationID: org.id,
                organizationName: org.name, organizationURL: WebURL.organization(org.id),
                records: records.map { r in
                    SupervisionView(
                        heldOn: r.heldOn.description, kind: r.kind.name.text(english: english), organization: r.organizationName, findings: r.findings,
                        urged: r.urged ?? "", deadline: r.deadline?.description ?? "",
                        resolved: r.resolvedOn.map { "\($0)：\(r.response ?? "")" } ?? "", commitmentURL: r.commitmentID.map(WebURL.commitment))
                },
                kinds: [SupervisionKind.check, .lookBack].map { Option(value: $0.rawValue, label: $0.name.text(english: english), selected: false) },
                canRecord: caller.allows(.reviewCommitments, at: org.path), today: vanguard.time.today().description)
            return views.render("supervision", model)
        }
        router.post(WebRoute.supervision.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let id = try context.id()
            guard let kind = SupervisionKind(rawValue: form["kind"]), kind != .rectification else {
                throw VanguardError.invalid("请选择检查类别", "Choose the kind", field: "kind")
            }
            guard let heldOn = CalendarDay(parsing: form["heldOn"]) else { throw VanguardError.invalid("请填写检查日期", "Enter the date", field: "heldOn") }
            _ = try await vanguard.supervision.record(
                organizationID: id, kind: kind, heldOn: heldOn, findings: form["findings"], urged: form["urged"], commitmentID: nil, deadline: nil, as: caller)
            return redirect(WebURL.supervision(id))
        }
    }
}
