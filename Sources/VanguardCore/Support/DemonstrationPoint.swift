/// 示范点: a leader's contact point proposed and approved as a demonstration point, with the criteria it
/// meets [DOMAIN §4; source 001 "使创先争优联系点办成了各项工作的示范点"; criteria after source 003's "五个好"].
public enum DemonstrationState: String, Sendable, CaseIterable, Codable {
    /// 已申报: proposed, awaiting the decision of an organization above.
    case proposed
    /// 已命名: approved as a demonstration point.
    case approved
    /// 未通过: not approved, with the reason.
    case rejected

    public var name: Bilingual {
        switch self {
        case .proposed: .init("已申报", "Proposed")
        case .approved: .init("示范点", "Demonstration point")
        case .rejected: .init("未通过", "Not approved")
        }
    }
}

/// 示范点标准: one criterion (data; the seeded ones are the "五个好").
public struct DemonstrationCriterion: Sendable, Hashable, Codable {
    public var code: String
    public var title: String

    public init(code: String, title: String) {
        self.code = code
        self.title = title
    }

    /// 五个好 [003]: 班子好、队伍好、机制好、业绩好、群众反映好.
    public static let defaults: [DemonstrationCriterion] = [
        .init(code: "leadership", title: "领导班子好：班子坚强有力，执行力、创新力、凝聚力强"),
        .init(code: "team", title: "党员队伍好：党员先锋模范作用发挥明显"),
        .init(code: "mechanism", title: "工作机制好：制度健全、载体丰富、保障有力"),
        .init(code: "performance", title: "发展业绩好：科学发展成效显著"),
        .init(code: "masses", title: "群众反映好：群众满意率高"),
    ]
}

/// The rules of 示范点.
public enum DemonstrationRules {
    public static let noteLimit = 1000
    /// 群众反映好 asks for at least this satisfaction in the point's latest mass evaluation, when it had one.
    public static let satisfactionFloor = 0.9

    /// A proposal names at least one known criterion, each once, and says why (a short note); a unit
    /// designated backward is not a model for others; 群众反映好 needs the satisfaction to show it.
    public static func checkProposal(
        criteria: [String], known: [DemonstrationCriterion], note: String, backward: Bool, satisfaction: Double?
    ) throws {
        if backward {
            throw VanguardError.conflict("该组织被认定为后进且尚未摘帽，不能申报示范点", "A unit designated backward cannot be proposed as a demonstration point")
        }
        if criteria.isEmpty { throw VanguardError.invalid("请选择达到的示范点标准", "Choose the criteria it meets", field: "criteria") }
        for c in criteria where !known.contains(where: { $0.code == c }) {
            throw VanguardError.invalid("没有这项示范点标准：\(c.prefix(40))", "No such criterion: \(c.prefix(40))", field: "criteria")
        }
        if Set(criteria).count != criteria.count {
            throw VanguardError.invalid("示范点标准重复", "A criterion is named twice", field: "criteria")
        }
        let t = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t.count > noteLimit {
            throw VanguardError.invalid("请写明申报理由和主要做法（不超过\(noteLimit)字）", "Say why (at most \(noteLimit) characters)", field: "note")
        }
        if criteria.contains("masses"), let satisfaction, satisfaction < satisfactionFloor {
            throw VanguardError.invalid(
                "群众满意率\(Int((satisfaction * 1000).rounded()) / 10)%，未达到“群众反映好”要求的\(Int(satisfactionFloor * 100))%",
                "Satisfaction is below \(Int(satisfactionFloor * 100))%, short of the criterion", field: "criteria")
        }
    }

    /// A decision: only on a proposal, by someone other than who proposed it; a refusal says why.
    public static func checkDecision(state: DemonstrationState, approve: Bool, note: String, proposedBy: String, caller: String) throws {
        guard state == .proposed else { throw VanguardError.conflict("该申报已经审批", "This proposal has been decided") }
        if proposedBy == caller { throw VanguardError(.forbidden, .init("申报人不能审批自己的申报", "Whoever proposed cannot decide")) }
        let t = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve && t.isEmpty { throw VanguardError.invalid("不予命名须写明理由", "Say why it is not approved", field: "note") }
        if t.count > noteLimit { throw VanguardError.invalid("意见不能超过\(noteLimit)字", "At most \(noteLimit) characters", field: "note") }
    }
}
