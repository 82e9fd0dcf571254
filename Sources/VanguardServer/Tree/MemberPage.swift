import Hummingbird
import VanguardCore
import VanguardStore

/// 党员页: the member's record (the full phone only for those who manage them), categories,
/// transfer history, and for managers the edit and transfer forms.
struct MemberPage {
    let vanguard: Vanguard
    let views: Views

    struct Flag: Sendable { let key: String; let label: String; let on: Bool }
    struct FormModel: Sendable {
        let action: String
        let version: Int64?
        let memberNo: String, name: String, birthDate: String, joinDate: String, phone: String
        let male: Bool, female: Bool, probationary: Bool
        let flags: [Flag]
        let assignedPost: String, residenceOrganizationId: String, inflowOrganizationId: String, outflowOrganizationId: String

        static let flagKeys = ["leadingCadre", "secretary", "partyWorker", "retired", "elderly", "inService", "withoutPost", "floating", "student", "faculty"]

        static func empty(action: String, t: UIText) -> FormModel {
            FormModel(
                action: action, version: nil, memberNo: "", name: "", birthDate: "", joinDate: "", phone: "", male: true, female: false, probationary: false,
                flags: flagKeys.map { Flag(key: $0, label: t[$0], on: false) }, assignedPost: "", residenceOrganizationId: "", inflowOrganizationId: "",
                outflowOrganizationId: "")
        }

        /// The form filled with a member; `codes` are the codes of the organizations her categories name.
        static func filled(_ m: MemberRecord, codes: [Int64: String], action: String, t: UIText) -> FormModel {
            let d = m.draft
            let c = d.categories
            let on = [c.leadingCadre, c.secretary, c.partyWorker, c.retired, c.elderly, c.inService, c.withoutPost, c.floating, c.student, c.faculty]
            return FormModel(
                action: action, version: m.version, memberNo: d.memberNo, name: d.name, birthDate: d.birthDate.description, joinDate: d.joinDate.description,
                phone: d.phone ?? "", male: d.gender == .male, female: d.gender == .female, probationary: d.status == .probationary,
                flags: zip(flagKeys, on).map { Flag(key: $0, label: t[$0], on: $1) }, assignedPost: c.assignedPost ?? "",
                residenceOrganizationId: c.residenceOrganizationID.flatMap { codes[$0] } ?? "",
                inflowOrganizationId: c.inflowOrganizationID.flatMap { codes[$0] } ?? "",
                outflowOrganizationId: c.outflowOrganizationID.flatMap { codes[$0] } ?? "")
        }
    }
    struct Reference: Sendable { let label: String; let name: String; let url: String }
    struct TransferItem: Sendable { let from: String; let to: String; let reason: String; let actor: String; let at: String }
    struct Model: Sendable {
        let frame: PageFrame
        let member: MemberItem
        let phone: String
        let birthDate: String
        let joinDate: String
        let higherStandard: Bool
        let assignedPost: String?
        let references: [Reference]
        let transfers: [TransferItem]
        let titles: [TitleItem]
        let canManage: Bool
        let form: FormModel
        let transferAction: String
        let version: Int64
    }

    /// Reads the member form the same way for creating and editing.
    /// The member a form describes; the organizations her categories name are picked by code or name.
    static func draft(from form: WebForm, _ vanguard: Vanguard, _ caller: Caller) async throws -> MemberDraft {
        guard let birth = CalendarDay(parsing: form["birthDate"]) else {
            throw VanguardError.invalid("请填写正确的出生日期", "Enter a valid birth date", field: "birthDate")
        }
        guard let join = CalendarDay(parsing: form["joinDate"]) else { throw VanguardError.invalid("请填写正确的入党日期", "Enter a valid join date", field: "joinDate") }
        var c = MemberCategories()
        c.leadingCadre = form.flag("leadingCadre")
        c.secretary = form.flag("secretary")
        c.partyWorker = form.flag("partyWorker")
        c.retired = form.flag("retired")
        c.elderly = form.flag("elderly")
        c.inService = form.flag("inService")
        c.withoutPost = form.flag("withoutPost")
        c.floating = form.flag("floating")
        c.student = form.flag("student")
        c.faculty = form.flag("faculty")
        c.assignedPost = form["assignedPost"].nilIfEmpty
        c.residenceOrganizationID = try await form.organization("residenceOrganization", "居住地党组织", in: vanguard, as: caller)
        c.inflowOrganizationID = try await form.organization("inflowOrganization", "流入地党组织", in: vanguard, as: caller)
        c.outflowOrganizationID = try await form.organization("outflowOrganization", "流出地党组织", in: vanguard, as: caller)
        return MemberDraft(
            memberNo: form["memberNo"], name: form["name"], gender: Gender(rawValue: form["gender"]) ?? .male, birthDate: birth, joinDate: join,
            status: MembershipStatus(rawValue: form["status"]) ?? .full, phone: form["phone"].nilIfEmpty, categories: c)
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.member.path) { request, context in
            let caller = try context.requireCaller()
            let english = context.english
            let t = Strings.text(english: english)
            let profile = try await vanguard.members.profile(try context.id(), as: caller)
            let m = profile.member
            let c = m.draft.categories
            let refs = [
                (c.residenceOrganizationID, "residenceOrganization"), (c.inflowOrganizationID, "inflowOrganization"),
                (c.outflowOrganizationID, "outflowOrganization"),
            ].compactMap { id, key in
                id.map { Reference(label: t[key], name: profile.referencedNames[$0] ?? "#\($0)", url: WebURL.organization($0)) }
            }
            let canManage = caller.allows(.manageMembers, at: m.organizationPath)
            let model = Model(
                frame: PageFrame(context, title: m.draft.name, path: WebURL.member(m.id)),
                member: MemberItem(m, english: english),
                phone: profile.mayReadPrivate ? (m.draft.phone ?? "") : m.maskedPhone,
                birthDate: m.draft.birthDate.description, joinDate: m.draft.joinDate.description,
                higherStandard: c.higherStandard, assignedPost: c.assignedPost, references: refs,
                transfers: profile.transfers.map {
                    TransferItem(from: $0.fromOrganizationName, to: $0.toOrganizationName, reason: $0.reason ?? "", actor: $0.actor, at: Self.formatTime($0.at))
                }, titles: profile.titles.map { TitleItem($0, english: english) },
                canManage: canManage, form: FormModel.filled(m, codes: profile.referencedCodes, action: WebRoute.memberUpdate.url(m.id), t: t),
                transferAction: WebRoute.memberTransfer.url(m.id), version: m.version)
            return views.render("member", model)
        }
        router.post(WebRoute.memberUpdate.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let m = try await vanguard.members.update(
                try context.id(), draft: try await Self.draft(from: form, vanguard, caller), expectedVersion: try form.id("version", "版本"), as: caller)
            return redirect(WebURL.member(m.id))
        }
        router.post(WebRoute.memberTransfer.path) { request, context in
            let caller = try context.requireCaller()
            let form = try await WebForm.read(request, context: context)
            let m = try await vanguard.members.transfer(
                try context.id(), to: try await Self.receiving(form, vanguard, caller), reason: form["reason"],
                expectedVersion: try form.optionalID("version", "版本"), as: caller)
            return redirect(WebURL.member(m.id))
        }
    }

    /// 接收组织 of a transfer, picked by code or name.
    static func receiving(_ form: WebForm, _ vanguard: Vanguard, _ caller: Caller) async throws -> Int64 {
        guard let id = try await form.organization("organization", "接收组织", in: vanguard, as: caller) else {
            throw VanguardError.invalid("请选择接收组织", "Choose the receiving organization", field: "organization")
        }
        return id
    }

    /// A time as Beijing time, `2026-11-21 16:05`.
    static func formatTime(_ millis: Int64) -> String {
        let seconds = millis / 1000 + 8 * 3600
        let day = CalendarDay.fromDaysSince1970(Int(seconds / 86400))
        let s = Int(seconds % 86400)
        return "\(day) \(s / 3600 < 10 ? "0" : "")\(s / 3600):\(s % 3600 / 60 < 10 ? "0" : "")\(s % 3600 / 60)"
    }
}
