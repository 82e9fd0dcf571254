/// 推荐对象的状态: a nomination travels up the quota holders between the nominating organization and the
/// commending committee (逐级推荐), is selected (遴选), put on public notice (公示) and commended — or
/// returned, withdrawn after an objection, and, once commended, revoked for fraud [DOMAIN §5; 003 §四(三)].
public enum NominationState: String, Sendable, CaseIterable, Codable {
    /// 待审核: at a level above, which forwards it or returns it.
    case pending
    /// 拟表彰: selected by the commending committee, awaiting public notice.
    case shortlisted
    /// 公示中.
    case onNotice = "on_notice"
    /// 已表彰.
    case commended
    /// 已退回: a level above returned it with the reason (its quota place is free again).
    case returned
    /// 未予表彰: an objection was upheld, or the committee did not select it after the notice.
    case withdrawn
    /// 已撤销: a title obtained by fraud (弄虚作假), revoked with a notice of criticism.
    case revoked

    public var name: Bilingual {
        switch self {
        case .pending: .init("待审核", "Pending")
        case .shortlisted: .init("拟表彰", "Shortlisted")
        case .onNotice: .init("公示中", "On public notice")
        case .commended: .init("已表彰", "Commended")
        case .returned: .init("已退回", "Returned")
        case .withdrawn: .init("未予表彰", "Withdrawn")
        case .revoked: .init("已撤销", "Revoked")
        }
    }

    /// Whether it takes a quota place: everything but a returned or withdrawn one (a revoked title was
    /// given in its year, and the place is not given again).
    public var holdsPlace: Bool { self != .returned && self != .withdrawn }

    /// Those that hold no place (what the store's counts and unique indexes leave out).
    public static let placeless = allCases.filter { !$0.holdsPlace }
}

/// The rules of a nomination's texts and steps.
public enum NominationRules {
    public static let deedsLimit = 5000
    public static let summaryLimit = 300
    public static let reasonLimit = 1000

    /// 事迹材料: the deeds in full (for the reviewers) and a short summary (for the public notice).
    public static func checkDeeds(deeds: String, summary: String) throws {
        let d = deeds.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !d.isEmpty, CommendationText.fits(d, limit: deedsLimit) else {
            throw VanguardError.invalid("请填写事迹材料（不超过\(deedsLimit)字）", "Write the deeds (at most \(deedsLimit) characters)", field: "deeds")
        }
        let s = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !s.isEmpty, CommendationText.fits(s, limit: summaryLimit) else {
            throw VanguardError.invalid(
                "请填写公示用的简要事迹（不超过\(summaryLimit)字）", "Write the short deeds for the notice (at most \(summaryLimit) characters)", field: "summary")
        }
    }

    /// A return, a refusal or a revocation says why.
    public static func checkReason(_ reason: String, field: String = "reason") throws {
        let t = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, CommendationText.fits(t, limit: reasonLimit) else {
            throw VanguardError.invalid("请写明理由（不超过\(reasonLimit)字）", "Say why (at most \(reasonLimit) characters)", field: field)
        }
    }

    /// The quota holders a nomination passes, lowest first: those on the nominee's path at or above the
    /// nominating organization, up to the commending committee (always the last). `holders` are the
    /// organizations holding a quota for the title.
    public static func chain(nominator: TreePath, commending: TreePath, holders: Set<Int64>) -> [Int64] {
        guard commending.contains(nominator) else { return [] }
        let between = nominator.ids.dropFirst(commending.ids.count)  // below the committee, down to the nominator
        return between.reversed().filter { holders.contains($0) } + [commending.id]
    }
}

/// 异议: an objection to a nominee on public notice, named or anonymous, and the committee's verification.
public enum ObjectionOutcome: String, Sendable, CaseIterable, Codable {
    /// 经核实不属实: the nominee stays.
    case dismissed
    /// 经核实属实: the nominee is not commended.
    case upheld

    public var name: Bilingual {
        switch self {
        case .dismissed: .init("经核实，反映问题不属实", "Not substantiated")
        case .upheld: .init("经核实，反映问题属实", "Substantiated")
        }
    }
}

public enum ObjectionRules {
    public static let contentLimit = 2000

    public static func check(content: String, name: String?, contact: String?) throws {
        let t = content.trimmingCharacters(in: .whitespacesAndNewlines)
        guard t.count >= 5, CommendationText.fits(t, limit: contentLimit) else {
            throw VanguardError.invalid("请写明反映的问题（5到\(contentLimit)字）", "Say what the objection is (5 to \(contentLimit) characters)", field: "content")
        }
        if let name, !CommendationText.fits(name, limit: 50) { throw VanguardError.invalid("姓名不能超过50字", "At most 50 characters", field: "name") }
        if let contact, !CommendationText.fits(contact, limit: 100) { throw VanguardError.invalid("联系方式不能超过100字", "At most 100 characters", field: "contact") }
    }
}
