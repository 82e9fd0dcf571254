/// 书记抓、抓书记: each level's secretary is first responsible for the campaign; the level above records how
/// she performed and, where leadership was poor, holds her accountable (问责) [DOMAIN §4; sources 001, 003, 004].
public enum SecretaryReviewKind: String, Sendable, CaseIterable, Codable {
    /// 履职评价
    case performance
    /// 问责
    case accountability

    public var name: Bilingual {
        switch self {
        case .performance: .init("履职评价", "Performance")
        case .accountability: .init("问责", "Accountability")
        }
    }
}

public enum SecretaryRating: String, Sendable, CaseIterable, Codable {
    case good
    case fair
    case average
    case poor

    public var name: Bilingual {
        switch self {
        case .good: .init("好", "Good")
        case .fair: .init("较好", "Fairly good")
        case .average: .init("一般", "Average")
        case .poor: .init("差", "Poor")
        }
    }
}

public enum SecretaryResponsibility {
    /// 职责任务 per level (data, seeded with these): what the campaign's documents ask of each secretary.
    public static let defaultDuties: [(OrganizationKind, [String])] = [
        (.localCommittee, ["把创先争优活动纳入党建工作责任制，履行第一责任人职责", "每年听取下级党组织书记抓活动情况汇报", "确定联系点，每季度深入联系点调研指导"]),
        (.workingCommittee, ["统筹系统内创先争优活动，制定实施方案", "督促所属党组织开展公开承诺、领导点评和群众评议"]),
        (.grassrootsCommittee, ["制定本单位活动实施方案并组织实施", "每半年向上级报告活动进展情况", "带头作出公开承诺并按期践诺", "组织开展群众评议，对后进党组织和党员进行帮扶整改"]),
        (.generalBranch, ["组织所属支部开展公开承诺和践诺", "督促支部按时开展组织生活"]),
        (.branch, ["组织党员作出公开承诺并审核", "每季度召开党员大会通报践诺情况", "对后进党员结对帮扶", "带头参加群众评议，接受党员和群众监督"]),
    ]

    /// A performance review rates and says why; an accountability record names the reason and the measure taken.
    public static func check(kind: SecretaryReviewKind, rating: SecretaryRating?, text: String, measure: String) throws {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty || t.count > 2000 {
            throw VanguardError.invalid(
                kind == .performance ? "请写明评价意见（不超过2000字）" : "请写明问责事由（不超过2000字）", "Write the reason (at most 2000 characters)", field: "text")
        }
        switch kind {
        case .performance:
            if rating == nil { throw VanguardError.invalid("请选择评价等次", "Choose a rating", field: "rating") }
        case .accountability:
            let m = measure.trimmingCharacters(in: .whitespacesAndNewlines)
            if m.isEmpty || m.count > 500 { throw VanguardError.invalid("请写明问责方式（不超过500字）", "Write the measure taken", field: "measure") }
        }
    }
}
