import Foundation

/// 领域: what an organization's commitments focus on (分类指导) [DOMAIN §1.1, §2.3].
public enum Sector: String, Sendable, CaseIterable, Codable {
    /// 地方党委、工委: they guide all sectors below them.
    case general
    case township, village, street, community
    /// 国有企业
    case stateEnterprise = "state_enterprise"
    /// 机关
    case organ
    case higherSchool = "higher_school"
    case vocationalSchool = "vocational_school"
    /// 中小学
    case school
    case medical
    case cultureSports = "culture_sports"
    case research
    /// 非公有制经济组织
    case nonPublic = "non_public"
    /// 社会组织
    case socialOrganization = "social_organization"

    public var name: Bilingual {
        switch self {
        case .general: .init("综合", "General")
        case .township: .init("乡镇", "Township")
        case .village: .init("村", "Village")
        case .street: .init("街道", "Street")
        case .community: .init("社区", "Community")
        case .stateEnterprise: .init("国有企业", "State-owned enterprise")
        case .organ: .init("机关", "Government organ")
        case .higherSchool: .init("高等学校", "Higher education")
        case .vocationalSchool: .init("职业学校", "Vocational school")
        case .school: .init("中小学", "Primary or secondary school")
        case .medical: .init("医疗卫生机构", "Medical institution")
        case .cultureSports: .init("文化体育单位", "Culture and sports")
        case .research: .init("科研院所", "Research institution")
        case .nonPublic: .init("非公有制经济组织", "Non-public enterprise")
        case .socialOrganization: .init("社会组织", "Social organization")
        }
    }

    /// Parses the stored code or the Chinese name.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let s = Sector(rawValue: t) { self = s; return }
        guard let s = Sector.allCases.first(where: { $0.name.zh == t || $0.name.en == t }) else { return nil }
        self = s
    }
}
