import Hummingbird
import VanguardCore
import VanguardStore

/// 我的承诺 (a member drafts on her phone), 承诺详情 (the author's and the reviewer's steps), and
/// 审诺台 (what an organization reviews this year).
struct CommitmentPages {
    let vanguard: Vanguard
    let views: Views
    static let itemRows = 3

    struct Row: Sendable {
        let url: String; let who: String; let kind: String; let state: String; let year: Int; let items: Int; let place: String
        /// 领导干部、书记: reviewed to a higher standard, marked beside the branch's ordinary commitments.
        let higherStandard: Bool
    }
    struct Option: Sendable { let value: String; let label: String }
    struct ItemRow: Sendable { let index: Int; let number: Int }
    struct Hidden: Sendable { let name: String; let value: String }
    struct ListModel: Sendable {
        let frame: PageFrame
        let title: String
        let rows: [Row]
        let canDraft: Bool
        let year: Int
        let places: [Option]
        let kinds: [Option]
        let focusAreas: [String]
        let itemRows: [ItemRow]
        /// For a draft made by someone else: `memberId` (an oral commitment) or `organizationId`.
        var hidden: Hidden? = nil
        var draftURL: String? = nil
    }
    struct ItemView: Sendable {
        let content: String; let responsibility: String; let deadline: String; let expectedResult: String; let focusArea: String; let fulfilled: Bool
    }
    struct EventView: Sendable { let action: String; let state: String; let actor: String; let note: String; let at: String }
    /// A step button: `tone` is primary (moves it on), secondary (sends it back) or danger (ends or
    /// condemns it: asks to confirm first, and sits apart).
    struct ActionView: Sendable { let action: String; let label: String; let needsNote: Bool; let tone: String; let confirm: String? }

    static func tone(_ a: CommitmentAction) -> String {
        switch a {
        case .return: "secondary"
        case .markOverdue, .withdraw: "danger"
        case .submit, .approve, .publish, .start, .fulfil, .evaluate: "primary"
        }
    }
    struct EditRow: Sendable {
        let index: Int; let number: Int; let content: String; let responsibility: String; let deadline: String; let expectedResult: String
        let focusArea: String
    }
    struct FileLink: Sendable { let url: String; let name: String; let isImage: Bool }
    struct ProgressView: Sendable { let at: String; let actor: String; let item: String; let text: String; let fulfils: Bool; let files: [FileLink] }
    struct RectificationView: Sendable {
        let id: Int64; let heldOn: String; let findings: String; let deadline: String; let resolvedOn: String?; let response: String?
        let canAnswer: Bool; let answerURL: String
    }
    /// Where the commitment page's forms go (from the route table).
    struct DetailLinks: Sendable {
        let items, progress, urge, rectify, carryForward: String
        init(_ id: Int64) {
            items = WebRoute.commitmentItems.url(id)
            progress = WebRoute.commitmentProgress.url(id)
            urge = WebRoute.commitmentUrge.url(id)
            rectify = WebRoute.commitmentRectify.url(id)
            carryForward = WebRoute.carryForward.url(id)
        }
    }

    struct DetailModel: Sendable {
        let frame: PageFrame
        let links: DetailLinks
        let who: String
        let kind: String
        let state: String
        let year: Int
        let place: String
        let placeURL: String
        let higherStandard: Bool
        let returnReason: String?
        let items: [ItemView]
        let events: [EventView]
        let actions: [ActionView]
        let actionURL: String
        let version: Int64
        let boardURL: String?
        let id: Int64
        let round: Int
        let canReport: Bool
        let itemOptions: [Option]
        let progress: [ProgressView]
        let canRevise: Bool
        let editRows: [EditRow]
        let isReviewer: Bool
        let canUrge: Bool
        let rectifications: [RectificationView]
        let canCarryForward: Bool
    }

    /// The item rows of a draft or revision form; rows left without content are skipped.
    static func items(from form: WebForm, rows: Int) throws -> [CommitmentItemDraft] {
        var items: [CommitmentItemDraft] = []
        for i in 0..<rows where !form["content\(i)"].isEmpty {
            guard let deadline = CalendarDay(parsing: form["deadline\(i)"]) else {
                throw VanguardError.invalid("第\(i + 1)项：请填写完成时限", "Item \(i + 1): enter the deadline", field: "deadline\(i)")
            }
            items.append(
                CommitmentItemDraft(
                    content: form["content\(i)"], responsibility: form["responsibility\(i)"], deadline: deadline,
                    expectedResult: form["expectedResult\(i)"], focusArea: form["focusArea\(i)"].nilIfEmpty))
        }
        return items
    }

    /// The existing items and two empty rows to add more.
    static func editRows(_ items: [CommitmentItemDraft]) -> [EditRow] {
        (0..<(items.count + 2)).map { i in
            let d = i < items.count ? items[i] : nil
            return EditRow(
                index: i, number: i + 1, content: d?.content ?? "", responsibility: d?.responsibility ?? "", deadline: d?.deadline.description ?? "",
                expectedResult: d?.expectedResult ?? "", focusArea: d?.focusArea ?? "")
        }
    }

    func row(_ c: CommitmentRecord, english: Bool) -> Row {
        Row(
            url: WebURL.commitment(c.id), who: c.memberName ?? c.organizationName, kind: c.kind.name.text(english: english),
            state: c.state.name.text(english: english), year: c.year, items: c.items.count, place: c.organizationName, higherStandard: c.higherStandard)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.commitments.path) { _, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let mine = try await vanguard.commitments.mine(as: caller)
            let model = ListModel(
                frame: PageFrame(context, title: t["myCommitments"], path: WebURL.commitments), title: t["myCommitments"],
                rows: mine.commitments.map { row($0, english: english) },
                canDraft: !mine.places.isEmpty, year: vanguard.time.today().year,
                places: mine.places.map { Option(value: String($0.id), label: $0.name) },
                // 年度承诺 first: the one every member makes.
                kinds: [CommitmentKind.annual, .longTerm, .immediate].map { Option(value: $0.rawValue, label: $0.name.text(english: english)) },
                focusAreas: mine.focusAreas, itemRows: (0..<Self.itemRows).map { ItemRow(index: $0, number: $0 + 1) })
            return views.render("commitments", model)
        }
        router.post(WebRoute.commitments.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let kind = CommitmentKind(rawValue: form["kind"]), let year = Int(form["year"]) else {
                throw VanguardError.invalid("请选择承诺类型和年度", "Choose the kind and the year", field: "kind")
            }
            let items = try Self.items(from: form, rows: Self.itemRows)
            let created: CommitmentRecord
            if let organizationID = try form.optionalID("organizationId", "组织") {
                created = try await vanguard.commitments.createForOrganization(organizationID, kind: kind, year: year, items: items, as: caller)
            } else {
                // A member drafts her own; her branch records an oral commitment on her behalf.
                guard let memberID = try form.optionalID("memberId", "党员") ?? caller.memberID else {
                    throw VanguardError(.forbidden, .init("只有党员账号可以填写本人承诺", "Only a member's account drafts its own commitment"))
                }
                created = try await vanguard.commitments.createForMember(
                    memberID, at: try form.optionalID("placeId", "承诺组织"), kind: kind, year: year, items: items, as: caller)
            }
            return redirect(WebURL.commitment(created.id))
        }
        router.get(WebRoute.commitment.path) { _, context in
            let caller = try context.requireCaller()
            let english = context.english
            // Query: one read gives the model's facts and what the caller may do (CommitmentPolicy).
            let detail = try await vanguard.commitments.detail(try context.id(), as: caller)
            let (c, events, progress, rectifications, policy) = (detail.commitment, detail.events, detail.progress, detail.rectifications, detail.policy)
            let t = Strings.text(english: english)
            let order = ["primary": 0, "secondary": 1, "danger": 2]
            let actions = policy.actions
                .map { a in
                    ActionView(
                        action: a.rawValue, label: a.name.text(english: english), needsNote: a == .return, tone: Self.tone(a),
                        confirm: Self.tone(a) == "danger" ? t[a == .withdraw ? "confirmWithdraw" : "confirmMarkOverdue"] : nil)
                }
                .sorted { order[$0.tone, default: 0] < order[$1.tone, default: 0] }
            let model = DetailModel(
                frame: PageFrame(context, title: c.memberName ?? c.organizationName, path: WebURL.commitment(c.id)), links: DetailLinks(c.id),
                who: c.memberName ?? c.organizationName, kind: c.kind.name.text(english: english), state: c.state.name.text(english: english), year: c.year,
                place: c.organizationName, placeURL: WebURL.organization(c.organizationID), higherStandard: c.higherStandard,
                returnReason: c.state == .returned ? c.returnReason : nil,
                items: c.items.map {
                    ItemView(
                        content: $0.draft.content, responsibility: $0.draft.responsibility, deadline: $0.draft.deadline.description,
                        expectedResult: $0.draft.expectedResult, focusArea: $0.draft.focusArea ?? "", fulfilled: $0.fulfilled)
                },
                events: events.map {
                    EventView(
                        action: CommitmentAction(rawValue: $0.action)?.name.text(english: english) ?? (english ? "Drafted" : "定诺"),
                        state: $0.to.name.text(english: english), actor: $0.actor, note: $0.note ?? "", at: MemberPage.formatTime($0.at))
                },
                actions: actions, actionURL: WebURL.commitmentAction(c.id), version: c.version,
                boardURL: c.state.isPublic ? WebURL.board(c.organizationID) : nil, id: c.id, round: c.round,
                canReport: policy.mayReport,
                itemOptions: [Option(value: "", label: english ? "The whole commitment" : "整体进展")]
                    + c.items.filter { !$0.fulfilled }.map { Option(value: String($0.position), label: "\($0.position). \($0.draft.content.prefix(30))") },
                progress: progress.map { p in
                    ProgressView(
                        at: MemberPage.formatTime(p.at), actor: p.actor, item: p.itemPosition.map { "#\($0)" } ?? "", text: p.text, fulfils: p.fulfils,
                        files: p.files.map { FileLink(url: WebURL.evidence($0.id), name: $0.name, isImage: $0.contentType.hasPrefix("image/")) })
                },
                canRevise: policy.mayRevise,
                editRows: Self.editRows(c.items.map(\.draft)),
                isReviewer: policy.isReviewer, canUrge: policy.mayUrge,
                rectifications: rectifications.map { r in
                    RectificationView(
                        id: r.id, heldOn: r.heldOn.description, findings: r.findings, deadline: r.deadline?.description ?? "",
                        resolvedOn: r.resolvedOn?.description, response: r.response, canAnswer: policy.mayAnswerRectification && r.resolvedOn == nil,
                        answerURL: WebURL.resolveSupervision(r.id))
                },
                canCarryForward: policy.mayCarryForward)
            return views.render("commitment", model)
        }
        router.post(WebRoute.commitmentAct.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            guard let action = CommitmentAction(rawValue: form["action"]) else { throw VanguardError.invalid("未知的操作", "Unknown action", field: "action") }
            let c = try await vanguard.commitments.act(
                try context.id(), action, note: form["note"], expectedVersion: try form.optionalID("version", "版本"), as: caller)
            return redirect(WebURL.commitment(c.id))
        }
        router.get(WebRoute.reviewQueue.path) { _, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let year = vanguard.time.today().year
            let (org, queue) = try await vanguard.commitments.forReview(organizationID: try context.id(), year: year, as: caller)
            let model = ListModel(
                frame: PageFrame(context, title: org.name, path: WebURL.reviewQueue(org.id)), title: org.name + " · " + t["reviewQueue"],
                rows: queue.map { row($0, english: english) },
                canDraft: false, year: year, places: [], kinds: [], focusAreas: [], itemRows: [],
                draftURL: CommitmentService.mayAuthorForOrganization(org.path, caller) && org.parentID != nil
                    ? WebURL.newCommitment(organizationID: org.id) : nil)
            return views.render("commitments", model)
        }
    }
}
