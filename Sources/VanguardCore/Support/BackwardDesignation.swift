/// 后进党组织 / 后进党员: who is designated backward, why, and whether it was lifted [DOMAIN §4; source 001:
/// "整改提升难点村、后进党组织186个，帮助400多名后进党员取得新进步"].
public enum BackwardKind: String, Sendable, CaseIterable, Codable {
    /// 后进党组织: designated by a committee above it (a county committee).
    case organization
    /// 后进党员: designated by her organization or one above it.
    case member

    public var name: Bilingual {
        switch self {
        case .organization: .init("后进党组织", "Backward organization")
        case .member: .init("后进党员", "Backward member")
        }
    }

    /// The pairing that helps it: organizations with an organization, members with a member.
    public var pairing: PairingKind { self == .organization ? .joint : .helping }
}

public enum BackwardState: String, Sendable, CaseIterable, Codable {
    /// 整顿转化中
    case designated
    /// 已摘帽 / 已转化: accepted by the designating organization.
    case lifted

    public func name(_ kind: BackwardKind) -> Bilingual {
        switch (self, kind) {
        case (.designated, _): .init("整顿转化中", "Being rectified")
        case (.lifted, .organization): .init("已摘帽", "Lifted")
        case (.lifted, .member): .init("已转化", "Progressed")
        }
    }
}

/// A reason for a designation (软弱涣散、难点村、集体经济薄弱 …): data, seeded with these and extended by the office.
public struct BackwardReason: Sendable, Hashable, Codable {
    public var code: String
    public var kind: BackwardKind
    public var name: String

    public init(code: String, kind: BackwardKind, name: String) {
        self.code = code
        self.kind = kind
        self.name = name
    }

    /// The categories the campaign's documents name [001][003].
    public static let defaults: [BackwardReason] = [
        .init(code: "weak_leadership", kind: .organization, name: "班子软弱涣散"),
        .init(code: "disorganized", kind: .organization, name: "组织生活不正常、制度不落实"),
        .init(code: "difficult_village", kind: .organization, name: "难点村（矛盾突出、信访集中）"),
        .init(code: "weak_economy", kind: .organization, name: "集体经济薄弱"),
        .init(code: "poor_service", kind: .organization, name: "服务群众不到位、群众满意度低"),
        .init(code: "weak_role", kind: .member, name: "先锋模范作用发挥不好"),
        .init(code: "weak_ideals", kind: .member, name: "理想信念淡薄、宗旨意识不强"),
        .init(code: "lax_discipline", kind: .member, name: "组织纪律观念淡薄、不参加组织生活"),
        .init(code: "poor_conduct", kind: .member, name: "作风不实、群众评价差"),
    ]
}

/// The rules of designating and lifting.
public enum BackwardRules {
    public static let noteLimit = 2000

    /// A designation names at least one reason of its kind, every one known.
    public static func checkReasons(_ codes: [String], kind: BackwardKind, known: [BackwardReason]) throws {
        guard !codes.isEmpty else { throw VanguardError.invalid("请至少选择一项认定原因", "Choose at least one reason", field: "reasons") }
        for code in codes where !known.contains(where: { $0.code == code && $0.kind == kind }) {
            throw VanguardError.invalid("认定原因“\(code)”不存在", "Unknown reason '\(code)'", field: "reasons")
        }
    }

    /// 验收摘帽 / 转化: why the unit cannot be lifted now, or nil. Every item of its ledger must be checked
    /// off (and there is at least one: a ledger with nothing rectified proves nothing), the acceptance must
    /// say what was found, and where the designation set a satisfaction threshold, the unit's latest
    /// mass-evaluation result must reach it.
    public static func liftRefusal(
        items: [RectificationState], acceptance: String, threshold: Double?, satisfaction: Double?
    ) -> VanguardError? {
        if items.isEmpty {
            return .conflict("帮扶整改台账中还没有整改事项，不能验收", "The ledger has no rectification items yet")
        }
        let open = items.filter { $0 != .checkedOff }.count
        if open > 0 {
            return .conflict("还有\(open)项整改事项未销号，不能验收（不改貌不脱钩）", "\(open) items are not checked off yet")
        }
        if acceptance.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .invalid("请写明验收意见", "Write the acceptance", field: "acceptance")
        }
        if let threshold {
            guard let satisfaction else {
                return .conflict(
                    "须经群众评议且满意率不低于\(percent(threshold))，尚无评议结果", "A mass evaluation reaching \(percent(threshold)) is required; there is none yet")
            }
            if satisfaction < threshold {
                return .conflict(
                    "群众满意率\(percent(satisfaction))低于验收要求\(percent(threshold))", "Satisfaction \(percent(satisfaction)) is below \(percent(threshold))")
            }
        }
        return nil
    }

    static func percent(_ v: Double) -> String {
        let tenths = Int((v * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
