/// The four dated phases of a campaign [DOMAIN §1.3, source 000].
public enum CampaignPhaseKind: String, Sendable, CaseIterable, Codable {
    /// 动员部署
    case mobilization
    /// 全面推进
    case rollout
    /// 深化提升: starts a new round of commitments.
    case deepening
    /// 总结完善
    case consolidation

    public var name: Bilingual {
        switch self {
        case .mobilization: .init("动员部署", "Mobilization")
        case .rollout: .init("全面推进", "Full rollout")
        case .deepening: .init("深化提升", "Deepening")
        case .consolidation: .init("总结完善", "Consolidation")
        }
    }
}

/// A phase with its dates.
public struct CampaignPhase: Sendable, Hashable, Codable {
    public var kind: CampaignPhaseKind
    public var startsOn: CalendarDay
    public var endsOn: CalendarDay

    public init(kind: CampaignPhaseKind, startsOn: CalendarDay, endsOn: CalendarDay) {
        self.kind = kind
        self.startsOn = startsOn
        self.endsOn = endsOn
    }
}

/// The rule for a campaign's phases: each ends on or after it starts, they follow the order of
/// 动员部署 → 全面推进 → 深化提升 → 总结完善, and they do not overlap.
public enum CampaignSchedule {
    public static func check(_ phases: [CampaignPhase]) throws {
        let ordered = CampaignPhaseKind.allCases
        let kinds = phases.map(\.kind)
        guard kinds == ordered.filter(kinds.contains) else {
            throw VanguardError.invalid("阶段须按动员部署、全面推进、深化提升、总结完善的顺序排列", "Phases must follow their order", field: "phases")
        }
        for p in phases where p.endsOn < p.startsOn {
            throw VanguardError.invalid("“\(p.kind.name.zh)”阶段的结束日期早于开始日期", "Phase '\(p.kind.name.en)' ends before it starts", field: "phases")
        }
        for (a, b) in zip(phases, phases.dropFirst()) where b.startsOn <= a.endsOn {
            throw VanguardError.invalid("“\(b.kind.name.zh)”阶段与上一阶段重叠", "Phase '\(b.kind.name.en)' overlaps the one before", field: "phases")
        }
    }

    /// The phase a day falls in, if any.
    public static func phase(on day: CalendarDay, in phases: [CampaignPhase]) -> CampaignPhase? {
        phases.first { $0.startsOn <= day && day <= $0.endsOn }
    }
}
