import Hummingbird
import VanguardCore
import VanguardStore

/// 网上晒诺: an organization's public board — its own and its members' published commitments with
/// deadlines and progress. Anyone may open it; it shows nothing private (no phones, no drafts).
struct BoardPage {
    let vanguard: Vanguard
    let views: Views

    struct ItemView: Sendable { let content: String; let responsibility: String; let deadline: String; let expectedResult: String; let fulfilled: Bool }
    struct CommitmentView: Sendable {
        let who: String
        let kind: String
        let state: String
        let progress: String
        let higherStandard: Bool
        let items: [ItemView]
    }
    struct Model: Sendable {
        let frame: PageFrame
        let organizationName: String
        let commitments: [CommitmentView]
    }

    func register(on router: Router<AppRequestContext>) {
        router.get("/board/:id") { _, context in
            let board = try await vanguard.commitments.board(organizationID: try context.id())
            let english = context.english
            let views = board.commitments.map { c in
                CommitmentView(
                    who: c.memberName ?? board.organization.name, kind: c.kind.name.text(english: english), state: c.state.name.text(english: english),
                    progress: "\(c.items.filter(\.fulfilled).count)/\(c.items.count)", higherStandard: c.higherStandard,
                    items: c.items.map {
                        ItemView(
                            content: $0.draft.content, responsibility: $0.draft.responsibility, deadline: $0.draft.deadline.description,
                            expectedResult: $0.draft.expectedResult, fulfilled: $0.fulfilled)
                    })
            }
            let title = board.organization.name + (english ? " — public commitments" : "公开承诺栏")
            return self.views.render(
                "board",
                Model(
                    frame: PageFrame(context, title: title, path: WebURL.board(board.organization.id)), organizationName: board.organization.name,
                    commitments: views))
        }
    }
}
