import Foundation
import Hummingbird
import VanguardCore
import VanguardStore

/// 推荐对象 on the web: one nomination — the deeds, the evidence read from the records, its steps level by
/// level, the buttons of whoever holds it now (forward, select, return with the reason), revocation for
/// fraud by the committee — and, once commended, its certificate (荣誉证书) printed on A4.
struct NominationPages {
    let vanguard: Vanguard
    let views: Views

    struct Fact: Sendable { let label: String; let value: String }
    /// The evidence beside the nomination (nil for readers it is not for).
    struct Evidence: Sendable { let facts: [Fact] }
    struct StepView: Sendable { let action: String; let organization: String; let note: String; let actor: String; let at: String }
    struct Model: Sendable {
        let frame: PageFrame; let nominee: String; let nomineeURL: String; let title: String; let roundName: String; let roundURL: String
        let organization: String; let nominator: String; let holder: String; let state: String; let deeds: String?; let summary: String
        let reason: String?; let evidence: Evidence?; let steps: [StepView]; let forwardAction: String?; let shortlistAction: String?
        let returnAction: String?; let revokeAction: String?; let criticizeAction: String?; let today: String; let certificateURL: String?;
        let objections: [CommendationPages.ObjectionView]
        /// 事迹材料附件 (nil for readers of the short deeds only) and the form that adds them.
        let files: [FileItem]; let attachAction: String?
    }
    struct FileItem: Sendable { let url: String; let name: String; let size: String }
    /// The multipart form that adds files to the deeds.
    struct Attach: Decodable { let files: [UploadedFile]? }
    struct CertificateModel: Sendable {
        let frame: PageFrame; let nominee: String; let individual: Bool; let organization: String; let title: String; let year: Int; let committee: String
        let date: String; let number: String
    }

    /// The evidence beside a nomination, fact by fact (for those who read private data there).
    static func facts(_ f: EligibilityFacts, year: Int, english e: Bool) -> [Fact] {
        var facts = [
            Fact(label: e ? "Determination \(year)" : "\(year)年度组织认定", value: f.grade?.name.text(english: e) ?? "—"),
            Fact(label: e ? "Satisfaction" : "群众满意率", value: ChineseNumber.percent(f.satisfaction)),
            Fact(label: e ? "Commitment items fulfilled" : "承诺事项兑现", value: "\(f.itemsFulfilled) / \(f.itemsDue)"),
            Fact(label: e ? "Backward" : "后进认定", value: f.backward ? (e ? "designated" : "被认定为后进") : (e ? "no" : "无")),
            Fact(label: e ? "Overdue rectification items" : "逾期整改事项", value: String(f.overdueItems)),
        ]
        if let p = f.points { facts.insert(Fact(label: e ? "Points" : "年度积分", value: String(p)), at: 2) }
        if let s = f.score { facts.insert(Fact(label: e ? "Assessment score" : "考评得分", value: String(format: "%.1f", s)), at: 2) }
        return facts
    }

    static func stepName(_ action: String, english e: Bool) -> String {
        let names: [String: Bilingual] = [
            "nominate": .init("推荐", "Nominated"), "forward": .init("审核上报", "Forwarded"), "return": .init("退回", "Returned"),
            "shortlist": .init("遴选", "Selected"), "notice": .init("公示", "On notice"), "verify": .init("核实异议", "Objection verified"),
            "withdraw": .init("异议属实，不予表彰", "Objection upheld"), "commend": .init("表彰", "Commended"), "revoke": .init("撤销称号", "Revoked"),
            "criticize": .init("批评并限期整改", "Criticized, to rectify"),
        ]
        return names[action]?.text(english: e) ?? action
    }

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.nomination.path) { request, context in
            let caller = try context.requireCaller()
            let e = context.english
            let id = try context.id()
            let d = try await vanguard.nominations.detail(id, as: caller)
            let n = d.nomination
            let evidence = n.facts.map { Evidence(facts: Self.facts($0, year: d.round.year, english: e)) }  // nil: not the reader's to see
            let model = Model(
                frame: PageFrame(context, title: n.nomineeName + " · " + n.titleName, path: WebURL.nomination(id), organization: n.organizationID),
                nominee: n.nomineeName, nomineeURL: n.memberID.map(WebURL.member) ?? WebURL.organization(n.organizationID), title: n.titleName,
                roundName: d.round.name, roundURL: WebURL.commendation(d.round.id), organization: n.organizationName, nominator: n.nominatorName,
                holder: n.holderName, state: n.state.name.text(english: e), deeds: n.facts == nil ? nil : n.deeds, summary: n.summary, reason: n.reason,
                evidence: evidence,
                steps: d.steps.map {
                    StepView(
                        action: Self.stepName($0.action, english: e), organization: $0.organizationName, note: $0.note ?? "", actor: $0.actor,
                        at: MemberPage.formatTime($0.at))
                },
                forwardAction: d.mayForward ? WebURL.nominationAct(id, "forward") : nil,
                shortlistAction: d.mayShortlist ? WebURL.nominationAct(id, "shortlist") : nil,
                returnAction: d.mayReturn ? WebURL.nominationAct(id, "return") : nil, revokeAction: d.mayRevoke ? WebURL.nominationAct(id, "revoke") : nil,
                criticizeAction: d.mayRevoke ? WebURL.nominationAct(id, "criticize") : nil, today: vanguard.time.today().description,
                certificateURL: n.state == .commended ? WebURL.certificate(id) : nil,
                objections: CommendationPages.objections(d.objections ?? [], nominee: { _ in n.nomineeName }, round: d.round, english: e),
                files: (d.files ?? []).map { FileItem(url: WebURL.nominationFile($0.id), name: $0.name, size: AnnouncementPages.size($0.size)) },
                attachAction: d.mayAttach ? WebURL.nominationDeeds(id) : nil)
            return views.render("nomination", model)
        }
        router.post(WebRoute.nominationDeeds.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            try await vanguard.nominations.requireAttacher(id, as: caller)  // refused before the upload is read
            let form = try await MultipartForm.read(
                Attach.self, request, context: context, limitText: .init("附件合计不能超过20MB", "All files together may not exceed 20 MB"))
            try await vanguard.nominations.attach(id, files: UploadedFile.uploads(form.files), as: caller)
            return redirect(WebURL.nomination(id))
        }
        router.get(WebRoute.nominationFile.path) { _, context in
            let (file, bytes) = try await vanguard.nominations.file(try context.id(), as: try context.requireCaller())
            return Download.stored(file, bytes)
        }
        router.post(WebRoute.nominationAct.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let action = context.parameters.get("action") ?? ""
            _ = try await vanguard.nominations.detail(id, as: caller)  // out of sight: 404 before the form is read
            let form = try await WebForm.read(request, context: context)
            switch action {
            case "forward": try await vanguard.nominations.forward(id, as: caller)
            case "shortlist": try await vanguard.nominations.shortlist(id, as: caller)
            case "return": try await vanguard.nominations.returnNomination(id, reason: form["reason"], as: caller)
            case "revoke":
                guard let years = Int(form["barYears"]) else { throw VanguardError.invalid("限制推荐年限须为整数", "Years are a whole number", field: "barYears") }
                try await vanguard.commendations.revoke(nominationID: id, reason: form["reason"], barYears: years, as: caller)
            case "criticize":
                let item = try await vanguard.commendations.criticize(
                    nominationID: id, problem: form["problem"], measure: form["measure"], responsible: form["responsible"],
                    deadline: try form.day("deadline", "整改期限"), as: caller)
                return redirect(WebURL.rectification(item))
            default: throw VanguardError.notFound(.init("该页面", "Page"))
            }
            return redirect(WebURL.nomination(id))
        }
        router.get(WebRoute.certificate.path) { request, context in
            let caller = try context.requireCaller()
            let id = try context.id()
            let d = try await vanguard.nominations.detail(id, as: caller)
            let n = d.nomination
            guard n.state == .commended, let day = n.commendedOn else { throw VanguardError.notFound(.init("该荣誉证书", "Certificate")) }
            let model = CertificateModel(
                frame: PageFrame(context, title: "荣誉证书 · " + n.nomineeName, path: WebURL.certificate(id), organization: n.organizationID),
                nominee: n.nomineeName, individual: n.memberID != nil, organization: n.organizationName, title: n.titleName, year: d.round.year,
                committee: d.round.organizationName, date: ChineseDate.long(day), number: d.round.decisionNumber ?? "")
            return views.render("certificate", model)
        }
    }
}

/// 荣誉 on an organization's or member's page: a title given (or revoked, with when and why).
struct TitleItem: Sendable {
    let url: String
    let year: String
    let title: String
    let committee: String
    /// When and why it was revoked (nil while it stands).
    let revoked: String?

    init(_ n: NominationRecord, english: Bool) {
        url = WebURL.nomination(n.id)
        year = String(n.year)
        title = n.titleName
        committee = n.committeeName
        revoked = n.state == .revoked ? "\(n.revokedOn?.description ?? "")（\(n.reason ?? "")）" : nil
    }
}
