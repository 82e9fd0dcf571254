/// 承诺重点领域: who a focus area is suggested to, within a sector [DOMAIN §2.3, source 002].
public enum FocusAudience: String, Sendable, CaseIterable, Codable {
    case organization, member, faculty, student, owner

    public var name: Bilingual {
        switch self {
        case .organization: .init("党组织", "Organizations")
        case .member: .init("党员", "Members")
        case .faculty: .init("教职工党员", "Faculty members")
        case .student: .init("学生党员", "Student members")
        case .owner: .init("企业主党员", "Owner members")
        }
    }
}

/// The rule for a focus area the campaign office adds: a short phrase, not already listed.
public enum FocusAreaRule {
    public static func check(_ text: String, existing: [String]) throws {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t.count > 100 {
            throw VanguardError.invalid("重点领域须填写且不超过100字", "A focus area is required (at most 100 characters)", field: "text")
        }
        if existing.contains(t) {
            throw VanguardError.conflict("该领域已有此重点：\(t)", "Already listed: \(t)")
        }
    }
}
