/// The scoring sheets the campaign starts with [DOMAIN §3.4]; the campaign office adds its own.
public enum ScoringTemplates {
    /// 三级联创 annual assessment, 100 points, of which 创先争优 is worth 20 [001].
    public static let threeLevel = ScoringCriterion(
        code: "SJLC", title: "三级联创考核评分表", maximum: 100,
        children: [
            .init(
                code: "1", title: "创先争优", maximum: 20,
                children: [
                    .init(code: "1.1", title: "公开承诺与践诺", maximum: 8), .init(code: "1.2", title: "领导点评", maximum: 4),
                    .init(code: "1.3", title: "群众评议", maximum: 4), .init(code: "1.4", title: "争创活动载体", maximum: 4),
                ]),
            .init(
                code: "2", title: "领导班子建设", maximum: 20,
                children: [.init(code: "2.1", title: "班子结构与团结", maximum: 10), .init(code: "2.2", title: "民主集中制执行", maximum: 10)]),
            .init(
                code: "3", title: "党员队伍建设", maximum: 20,
                children: [.init(code: "3.1", title: "党员教育管理", maximum: 10), .init(code: "3.2", title: "发展党员", maximum: 10)]),
            .init(
                code: "4", title: "制度落实", maximum: 20,
                children: [.init(code: "4.1", title: "三会一课", maximum: 10), .init(code: "4.2", title: "民主评议党员", maximum: 10)]),
            .init(
                code: "5", title: "阵地与保障", maximum: 20,
                children: [.init(code: "5.1", title: "活动场所", maximum: 10), .init(code: "5.2", title: "经费保障", maximum: 10)]),
        ])

    /// 先进单位创建标准 [003]: four parts of 25 points each.
    public static let advancedUnit = ScoringCriterion(
        code: "XJDW", title: "先进单位创建评分表", maximum: 100,
        children: [
            .init(
                code: "A", title: "领导班子坚强有力", maximum: 25,
                children: [
                    .init(code: "A1", title: "执行力强", maximum: 9), .init(code: "A2", title: "创新力强", maximum: 8), .init(code: "A3", title: "凝聚力强", maximum: 8),
                ]),
            .init(
                code: "B", title: "党建责任落实到位", maximum: 25,
                children: ["队伍", "阵地", "制度", "载体", "保障"].enumerated().map { .init(code: "B\($0.offset + 1)", title: "\($0.element)到位", maximum: 5) }),
            .init(
                code: "C", title: "基层组织作用突出", maximum: 25,
                children: ["班子好", "队伍好", "机制好", "业绩好", "群众反映好"].enumerated().map { .init(code: "C\($0.offset + 1)", title: $0.element, maximum: 5) }),
            .init(
                code: "D", title: "科学发展成效显著", maximum: 25,
                children: [
                    .init(code: "D1", title: "经济发展", maximum: 9), .init(code: "D2", title: "社会稳定", maximum: 8), .init(code: "D3", title: "群众满意", maximum: 8),
                ]),
        ])
}

/// 评分阶段: the organization's own check, the superior's assessment, and the comprehensive evaluation.
public enum ScoringStage: String, Sendable, CaseIterable, Codable {
    case selfCheck = "self_check"
    case assessment
    case comprehensive

    public var name: Bilingual {
        switch self {
        case .selfCheck: .init("自检自查", "Self-check")
        case .assessment: .init("统一考核", "Assessment")
        case .comprehensive: .init("综合评价", "Comprehensive evaluation")
        }
    }

    /// Whether the superior organization scores this stage (the organization itself does the self-check).
    public var bySuperior: Bool { self != .selfCheck }
}
