import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 定诺 on someone's behalf: the form of a member's commitment entered by the branch (代为录入, for
/// members who commit orally) or of the organization's own commitment (本组织定诺).
struct NewCommitmentPage {
    let vanguard: Vanguard
    let views: Views

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.newCommitment.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let q = request.uri.queryParameters
            var title: String
            var hidden: (String, String)
            var places: [OrganizationRecord] = []
            var focus: [String] = []
            if let id = q["organizationId"].flatMap({ Int64(String($0)) }) {
                let org = try await vanguard.organizations.get(id, as: caller)
                title = t["orgCommitment"] + "：" + org.name
                hidden = ("organizationId", String(org.id))
                focus = try await vanguard.commitments.focusAreas(sector: org.sector, audience: "organization")
            } else if let id = q["memberId"].flatMap({ Int64(String($0)) }) {
                let m = try await vanguard.members.get(id, as: caller)
                title = t["onBehalfOf"] + "：" + m.draft.name
                hidden = ("memberId", String(m.id))
                places = try await vanguard.commitments.places(ofMember: m.id)
                if let first = places.first { focus = try await vanguard.commitments.focusAreas(forMember: m.id, at: first) }
            } else {
                throw VanguardError.invalid("缺少承诺主体", "memberId or organizationId is required", field: "memberId")
            }
            var model = CommitmentPages.ListModel(
                frame: PageFrame(context, title: title, path: WebURL.newCommitmentForm), title: title, rows: [], canDraft: true,
                year: vanguard.time.today().year,
                places: places.map { .init(value: String($0.id), label: $0.name) },
                kinds: [CommitmentKind.annual, .longTerm, .immediate].map { .init(value: $0.rawValue, label: $0.name.text(english: english)) },
                focusAreas: focus, itemRows: (0..<CommitmentPages.itemRows).map { .init(index: $0, number: $0 + 1) })
            model.hidden = .init(name: hidden.0, value: hidden.1)
            return views.render("commitments", model)
        }
    }
}
