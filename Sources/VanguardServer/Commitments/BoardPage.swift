import Hummingbird
import Mustache
import VanguardCore
import VanguardStore

/// 网上晒诺: an organization's public board — its own and its members' published commitments with
/// deadlines and progress. Anyone may open it; it shows nothing private (no phones, no drafts).
struct BoardPage {
    let vanguard: Vanguard
    let views: Views
    let cache: BoardCache

    struct ItemView: Sendable {
        let position: Int; let content: String; let responsibility: String; let deadline: String; let expectedResult: String; let fulfilled: Bool
    }
    struct CommitmentView: Sendable {
        let who: String
        let kind: String
        let state: String
        let progress: String
        let higherStandard: Bool
        let year: Int
        let items: [ItemView]
    }
    struct Model: Sendable {
        let frame: PageFrame
        let organizationName: String
        let commitments: [CommitmentView]
        /// The short link printed on posters and letters (岗前挂、栏上贴 lead back to 网上晒).
        let shortLink: String
        /// The short link as a QR code (SVG), for phones to scan off paper.
        let qr: String
        let posterURL: String
        let poster: Bool
        let letters: Bool
        let today: String
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.board.path) { request, context in try await page(request, context, poster: false, letters: false) }
        // 岗前挂、栏上贴: the same board as a poster for the workplace and the notice board.
        router.get(WebRoute.poster.path) { request, context in try await page(request, context, poster: true, letters: false) }
        // 公开承诺书: one printable letter per published commitment, for the branch to sign and post.
        router.get(WebRoute.letters.path) { request, context in
            // Letters are printed by the organization's own officers: outside the caller's scope, 404 (`page` asks as the caller).
            _ = try context.requireCaller()
            return try await page(request, context, poster: false, letters: true)
        }
        router.get(WebRoute.shortLink.path) { _, context in redirect(WebURL.board(try context.id())) }
    }

    func page(_ request: Request, _ context: AppRequestContext, poster: Bool, letters: Bool) async throws -> Response {
        let id = try context.id()
        let english = context.english
        let host = request.head.authority ?? "127.0.0.1"
        // Anonymous visitors all see the same page: served again until the next write (see BoardCache).
        let key =
            letters || context.caller != nil || context.csrfToken != nil
            ? nil : BoardCache.Key(organizationID: id, poster: poster, english: english, host: host)
        let writes = vanguard.backend.committedWrites
        if let key, let html = cache.page(key, writes: writes) { return Views.page(html) }
        let board = try await vanguard.commitments.board(organizationID: id, as: letters ? try context.requireCaller() : .system("public"))
        let list = board.commitments.map { c in
            CommitmentView(
                who: c.memberName ?? board.organization.name, kind: c.kind.name.text(english: english), state: c.state.name.text(english: english),
                progress: "\(c.items.filter(\.fulfilled).count)/\(c.items.count)", higherStandard: c.higherStandard, year: c.year,
                items: c.items.map {
                    ItemView(
                        position: $0.position, content: $0.draft.content, responsibility: $0.draft.responsibility, deadline: $0.draft.deadline.description,
                        expectedResult: $0.draft.expectedResult, fulfilled: $0.fulfilled)
                })
        }
        let title = board.organization.name + (english ? " — public commitments" : "公开承诺栏")
        let link = "http://\(host)" + WebURL.shortLink(board.organization.id)
        let html = views.html(
            letters ? "letters" : "board",
            Model(
                frame: PageFrame(context, title: title, path: WebURL.board(board.organization.id)), organizationName: board.organization.name,
                commitments: list, shortLink: link, qr: QRCache.shared.svg(link, pixels: poster ? 220 : 132), posterURL: WebURL.poster(board.organization.id),
                poster: poster, letters: letters, today: vanguard.time.today().description))
        if let key { cache.keep(html, for: key, writes: writes) }
        return Views.page(html)
    }
}

// The public board is the busiest page (QR posters lead to it): its models answer the template's
// lookups by name instead of by reflection, and the template's climbs past them cost nothing.
extension BoardPage.ItemView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "position": position
        case "content": content
        case "responsibility": responsibility
        case "deadline": deadline
        case "expectedResult": expectedResult
        case "fulfilled": fulfilled
        default: nil
        }
    }
}

extension BoardPage.CommitmentView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "who": who
        case "kind": kind
        case "state": state
        case "progress": progress
        case "higherStandard": higherStandard
        case "year": year
        case "items": items
        default: nil
        }
    }
}

extension BoardPage.Model: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "frame": frame
        case "organizationName": organizationName
        case "commitments": commitments
        case "shortLink": shortLink
        case "qr": qr
        case "posterURL": posterURL
        case "poster": poster
        case "letters": letters
        case "today": today
        default: nil
        }
    }
}
