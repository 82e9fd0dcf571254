import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 典型宣传 pages: the office's desk (its stories, the form with photos, publish and withdraw) and the
/// public campaign page — the figures and the published stories — and one story, printable, without login.
struct ExemplarPages {
    let vanguard: Vanguard
    let views: Views

    /// The multipart form of a new story.
    struct Write: Decodable {
        let organization: String?
        let member: String?
        let source: String?
        let title: String?
        let story: String?
        let files: [UploadedFile]?
    }

    struct Option: Sendable { let value: String; let label: String; var selected = false }
    struct CandidateRow: Sendable { let name: String; let organization: String?; let source: String; let note: String; let writeURL: String }
    /// What a candidate's link fills in the form (bounded: a query string is hostile too).
    struct Prefill: Sendable { let organization: String; let member: String }
    struct Photo: Sendable { let url: String; let alt: String }
    struct Row: Sendable {
        let title: String; let subject: String; let organization: String?; let source: String; let state: String; let photos: [Photo]
        let publishAction: String?; let withdrawAction: String?; let publicURL: String?
    }
    struct DeskModel: Sendable {
        let frame: PageFrame; let organizationName: String; let organizationURL: String; let rows: [Row]; let curates: Bool; let sources: [Option]
        let actionURL: String; let publicURL: String
        let candidates: [CandidateRow]; let prefill: Prefill?
    }
    struct Figure: Sendable { let id: String; let label: String; let value: String }
    struct Card: Sendable { let url: String; let title: String; let subject: String; let organization: String?; let excerpt: String; let photo: Photo? }
    struct BoardModel: Sendable { let frame: PageFrame; let heading: String; let figures: [Figure]; let cards: [Card] }
    struct StoryModel: Sendable {
        let frame: PageFrame; let title: String; let subject: String; let organization: String?; let source: String; let from: String; let published: String
        let paragraphs: [String]; let photos: [Photo]; let listURL: String
    }

    static func photos(_ files: [EvidenceFileRecord]?, alt: String) -> [Photo] { (files ?? []).map { Photo(url: WebURL.exemplarPhoto($0.id), alt: alt) } }

    /// The member's organization for a member, nothing more for an organization (its name is the subject).
    static func place(_ e: ExemplarRecord) -> String? { e.subjectMemberID == nil ? nil : e.subjectOrganizationName }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.exemplars.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let t = Strings.text(english: e)
            let id = try context.id()
            let d = try await vanguard.exemplars.desk(organizationID: id, as: caller)
            let q = request.uri.queryParameters
            let model = DeskModel(
                frame: PageFrame(context, title: d.organization.name + " · " + t["exemplars"], path: WebURL.exemplars(id), organization: id),
                organizationName: d.organization.name, organizationURL: WebURL.organization(id),
                rows: d.exemplars.map { x in
                    Row(
                        title: x.title, subject: x.subjectName, organization: Self.place(x), source: x.source.name.text(english: e),
                        state: x.state.name.text(english: e), photos: Self.photos(d.photos[x.id], alt: x.title),
                        publishAction: d.curates && x.state.allows(.published) ? WebURL.exemplarAct(x.id, "publish") : nil,
                        withdrawAction: d.curates && x.state.allows(.withdrawn) ? WebURL.exemplarAct(x.id, "withdraw") : nil,
                        publicURL: x.state == .published ? WebURL.publicExemplar(x.id) : nil)
                }, curates: d.curates,
                sources: ExemplarSource.allCases.map {
                    Option(value: $0.rawValue, label: $0.name.text(english: e), selected: $0.rawValue == q["source"].map(String.init))
                },
                actionURL: WebURL.exemplars(id), publicURL: WebURL.publicExemplars,
                candidates: d.candidates.map { c in
                    CandidateRow(
                        name: c.name, organization: c.memberName == nil ? nil : c.organizationName, source: c.source.name.text(english: e), note: c.note,
                        writeURL: WebURL.exemplars(id, candidate: c) + "#write")
                },
                prefill: q["organization"].map {
                    Prefill(organization: String($0.prefix(64)), member: String((q["member"] ?? "").prefix(40)))
                })
            return views.render("exemplars", model)
        }
        router.post(WebRoute.exemplars.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.exemplars.requireCurator(organizationID: id, as: caller)  // refused before the body is read
            let form = try await MultipartForm.read(
                Write.self, request, context: context, limitText: .init("照片合计不能超过20MB", "All photos together may not exceed 20 MB"))
            guard let source = ExemplarSource(rawValue: form.source ?? "") else {
                throw VanguardError.invalid("请选择典型来源", "Choose where the exemplar was found", field: "source")
            }
            let photos = UploadedFile.uploads(form.files)
            _ = try await vanguard.exemplars.create(
                organizationID: id, subjectCode: form.organization, memberNo: form.member, source: source, title: form.title ?? "", story: form.story ?? "",
                photos: photos, as: caller)
            return redirect(WebURL.exemplars(id))
        }
        router.post(WebRoute.exemplarAct.path) { _, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let next: ExemplarState
            switch context.parameters.get("action") ?? "" {
            case "publish": next = .published
            case "withdraw": next = .withdrawn
            default: throw VanguardError.notFound(.init("该页面", "Page"))
            }
            return redirect(WebURL.exemplars(try await vanguard.exemplars.setState(id, to: next, as: caller)))
        }
        router.get(WebRoute.publicExemplars.path) { _, context in
            let e = context.english
            let t = Strings.text(english: e)
            let b = try await vanguard.exemplars.board()
            let figures =
                b.campaign.map { c in
                    [
                        Figure(id: "fig-organizations", label: t["exOrganizations"], value: ChineseNumber.format(c.organizations, english: e)),
                        Figure(id: "fig-members", label: t["exMembers"], value: ChineseNumber.format(c.members, english: e)),
                        Figure(id: "fig-coverage", label: t["exCoverage"], value: ChineseNumber.percent(c.coverageRate)),
                        Figure(id: "fig-fulfilment", label: t["exFulfilment"], value: ChineseNumber.percent(c.fulfilmentRate)),
                        Figure(id: "fig-satisfaction", label: t["exSatisfaction"], value: ChineseNumber.percent(c.satisfactionRate)),
                        Figure(id: "fig-commended", label: t["exCommended"], value: ChineseNumber.format(c.commendedLastYear, english: e)),
                    ]
                } ?? []
            let model = BoardModel(
                frame: PageFrame(context, title: t["exCampaign"] + " · " + t["exemplars"], path: WebURL.publicExemplars),
                heading: [b.campaign?.organizationName, "\(b.year)"].compactMap { $0 }.joined(separator: " · "), figures: figures,
                cards: b.exemplars.map { x in
                    Card(
                        url: WebURL.publicExemplar(x.id), title: x.title, subject: x.subjectName, organization: Self.place(x),
                        excerpt: String(x.story.prefix(90)) + (x.story.count > 90 ? "……" : ""), photo: Self.photos(b.photos[x.id], alt: x.title).first)
                })
            return views.render("publicexemplars", model)
        }
        router.get(WebRoute.publicExemplar.path) { _, context in
            let e = context.english
            let (x, photos) = try await vanguard.exemplars.published(try context.id())
            let model = StoryModel(
                frame: PageFrame(context, title: x.title, path: WebURL.publicExemplar(x.id)), title: x.title, subject: x.subjectName,
                organization: Self.place(x), source: x.source.name.text(english: e), from: x.organizationName,
                published: x.publishedAt.map { String(MemberPage.formatTime($0).prefix(10)) } ?? "",
                paragraphs: x.story.split(whereSeparator: \.isNewline).map(String.init), photos: Self.photos(photos, alt: x.title),
                listURL: WebURL.publicExemplars)
            return views.render("publicexemplar", model)
        }
        router.get(WebRoute.exemplarPhoto.path) { _, context in
            let (file, bytes) = try await vanguard.exemplars.photo(try context.id(), as: context.caller)
            // Under the story's kind of name, not the name it was uploaded with (which may say more than the picture).
            return Download.stored(file, bytes, name: "典型照片" + (file.contentType == "image/png" ? ".png" : ".jpg"))
        }
    }
}
