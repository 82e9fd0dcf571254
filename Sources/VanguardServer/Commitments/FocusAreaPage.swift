import Hummingbird
import VanguardCore
import VanguardStore

/// 承诺重点领域: the campaign office keeps the suggested focus areas per sector and audience.
struct FocusAreaPage {
    let vanguard: Vanguard
    let views: Views

    struct Entry: Sendable { let id: Int64; let text: String }
    struct Group: Sendable { let sector: String; let audience: String; let entries: [Entry] }
    struct Option: Sendable { let value: String; let label: String }
    struct Model: Sendable { let frame: PageFrame; let groups: [Group]; let sectors: [Option]; let audiences: [Option]; let canEdit: Bool }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.focusAreas.path) { _, context in
            let caller = try context.requireCaller()
            let english = context.english
            let all = try await vanguard.focusAreas.all()
            var groups: [Group] = []
            for sector in Sector.allCases {
                for audience in FocusAudience.allCases {
                    let entries = all.filter { $0.sector == sector && $0.audience == audience }.map { Entry(id: $0.id, text: $0.text) }
                    if !entries.isEmpty {
                        groups.append(Group(sector: sector.name.text(english: english), audience: audience.name.text(english: english), entries: entries))
                    }
                }
            }
            let model = Model(
                frame: PageFrame(context, title: Strings.text(english: english)["focusAreas"], path: WebURL.focusAreas), groups: groups,
                sectors: Sector.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english)) },
                audiences: FocusAudience.allCases.map { Option(value: $0.rawValue, label: $0.name.text(english: english)) },
                canEdit: caller.isSystem || caller.scope.grants.contains { $0.role.permissions.contains(.manageCampaign) })
            return views.render("focusareas", model)
        }
        router.post(WebRoute.focusAreas.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            if let id = try form.optionalID("remove", "重点领域") {
                try await vanguard.focusAreas.remove(id, as: caller)
            } else {
                guard let sector = Sector(rawValue: form["sector"]), let audience = FocusAudience(rawValue: form["audience"]) else {
                    throw VanguardError.invalid("请选择领域和对象", "Choose the sector and the audience", field: "sector")
                }
                try await vanguard.focusAreas.add(sector: sector, audience: audience, text: form["text"], as: caller)
            }
            return redirect(WebURL.focusAreas)
        }
    }
}
