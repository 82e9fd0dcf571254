/// 结对: advanced organizations or excellent members paired with whom they help — "1+1" or "X+1" — and city
/// organizations with rural ones [DOMAIN §4; sources 000, 001, 004].
public enum PairingKind: String, Sendable, CaseIterable, Codable {
    /// 结对共建: organizations with a backward organization.
    case joint
    /// 结对帮扶: excellent members with a backward member.
    case helping
    /// 城乡结对共建: a city organization with a rural one.
    case urbanRural = "urban_rural"

    public var name: Bilingual {
        switch self {
        case .joint: .init("结对共建", "Joint building")
        case .helping: .init("结对帮扶", "Member helping")
        case .urbanRural: .init("城乡结对共建", "Urban–rural pairing")
        }
    }

    /// Whether its helpers are members (else organizations).
    public var helpersAreMembers: Bool { self == .helping }
}

/// What a help record tells (帮扶记录).
public enum HelpKind: String, Sendable, CaseIterable, Codable {
    /// 走访指导
    case visit
    /// 帮扶资金
    case funds
    /// 帮扶项目
    case project
    /// 其他
    case other

    public var name: Bilingual {
        switch self {
        case .visit: .init("走访指导", "Visit")
        case .funds: .init("帮扶资金", "Funds")
        case .project: .init("帮扶项目", "Project")
        case .other: .init("其他", "Other")
        }
    }
}

/// The rules of pairing.
public enum PairingRules {
    /// "X+1": at most this many helpers for one unit.
    public static let maxHelpers = 5

    /// A helper may join when it is not the unit itself, not backward itself, and not already a helper.
    public static func checkHelper(isTarget: Bool, isBackward: Bool, alreadyHelping: Bool, helpers: Int) throws {
        if isTarget { throw VanguardError.invalid("不能与自身结对", "A unit cannot help itself", field: "helper") }
        if isBackward {
            throw VanguardError.invalid("帮扶方本身被认定为后进，不能承担帮扶", "A helper cannot itself be designated backward", field: "helper")
        }
        if alreadyHelping { throw VanguardError.conflict("已在结对帮扶之中", "Already a helper of this pairing") }
        if helpers >= maxHelpers {
            throw VanguardError.invalid("一个对象最多与\(maxHelpers)个帮扶方结对", "At most \(maxHelpers) helpers", field: "helper")
        }
    }

    /// 城乡结对共建: a rural organization (a village's or a township's) with a city one (any other sector).
    public static func checkUrbanRural(rural: Sector, city: Sector) throws {
        let countryside: Set<Sector> = [.village, .township]
        guard countryside.contains(rural) else {
            throw VanguardError.invalid("结对的农村一方须是乡镇或村的党组织", "The rural side must be a township's or a village's organization", field: "ruralId")
        }
        guard !countryside.contains(city), city != .general else {
            throw VanguardError.invalid(
                "结对的城市一方须是机关、企事业单位、街道或社区等城市基层党组织", "The city side must be a city organization (organ, enterprise, street, community…)",
                field: "cityId")
        }
    }

    /// 不改貌不脱钩: a pairing with a backward unit ends only once the unit is lifted.
    public static func checkEnd(unit: BackwardState?) throws {
        if unit == .designated {
            throw VanguardError.conflict("不改貌不脱钩：帮扶对象尚未验收摘帽，不能解除结对", "The unit has not been lifted: the pairing cannot end yet")
        }
    }

    /// A help record's amount, in yuan: none, or positive and at most ten million.
    public static func checkHelp(content: String, amount: Int?) throws {
        let t = content.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t.count > 2000 { throw VanguardError.invalid("请写明帮扶内容（不超过2000字）", "Describe the help (at most 2000 characters)", field: "content") }
        if let amount, amount <= 0 || amount > 10_000_000 {
            throw VanguardError.invalid("金额须在1至10,000,000元之间", "The amount must be 1 to 10,000,000 yuan", field: "amount")
        }
    }
}
