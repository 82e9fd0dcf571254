/// 表彰称号: a title the campaign commends (data; seeded with those of DOMAIN §5), given either to an
/// organization (集体) or to a member (个人).
public struct CommendationTitle: Sendable, Hashable, Codable {
    public var code: String
    public var name: String
    public var subject: CommendationSubject

    public init(code: String, name: String, subject: CommendationSubject) {
        self.code = code
        self.name = name
        self.subject = subject
    }

    /// 先进基层党组织, 优秀共产党员, 优秀党务工作者 [000][001], and 先进单位 from the scoring sheets [003].
    public static let defaults: [CommendationTitle] = [
        .init(code: "advanced_organization", name: "先进基层党组织", subject: .organization),
        .init(code: "excellent_member", name: "优秀共产党员", subject: .member),
        .init(code: "excellent_worker", name: "优秀党务工作者", subject: .member),
        .init(code: "advanced_unit", name: "基层组织建设先进单位", subject: .organization),
    ]
}

/// 表彰对象: a collective (an organization) or an individual (a member).
public enum CommendationSubject: String, Sendable, CaseIterable, Codable {
    case organization, member

    public var name: Bilingual {
        switch self {
        case .organization: .init("先进集体", "Collective")
        case .member: .init("先进个人", "Individual")
        }
    }
}

/// 表彰层级: the level of the commending committee.
public enum CommendationLevel: String, Sendable, CaseIterable, Codable, Comparable {
    case county, city, province, national

    public var name: Bilingual {
        switch self {
        case .county: .init("县级", "County")
        case .city: .init("市级", "City")
        case .province: .init("省级", "Province")
        case .national: .init("全国", "National")
        }
    }

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
