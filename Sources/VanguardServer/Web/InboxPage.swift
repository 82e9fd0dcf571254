import Hummingbird
import VanguardStore

/// 站内提醒: the notices the write path sent the reader (steps of her commitments, reminders, urging),
/// newest first, and marking them read.
struct InboxPage {
    let vanguard: Vanguard
    let views: Views

    struct NoteView: Sendable { let text: String; let at: String; let url: String?; let read: Bool }
    struct InboxModel: Sendable { let frame: PageFrame; let notes: [NoteView] }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.inbox.path) { _, context in
            let caller = try context.requireCaller()
            let notes = try await vanguard.reminders.inbox(as: caller).map {
                NoteView(text: $0.text, at: MemberPage.formatTime($0.createdAt), url: $0.commitmentID.map(WebURL.commitment), read: $0.read)
            }
            let title = Strings.text(english: context.english)["inbox"]
            return views.render("inbox", InboxModel(frame: PageFrame(context, title: title, path: WebURL.inbox), notes: notes))
        }
        router.post(WebRoute.inboxRead.path) { request, context in
            let caller = try context.requireCaller()
            try await vanguard.reminders.markAllRead(as: caller)
            return redirect(WebURL.inbox)
        }
    }
}
