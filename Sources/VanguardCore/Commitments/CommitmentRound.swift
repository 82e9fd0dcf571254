/// 承诺轮次: commitments are made in rounds. The campaign's first day opens round 1, every new
/// calendar year of the campaign opens the next round (annual commitments), and the deepening phase
/// (深化提升) opens a new round of its own [DOMAIN §1.3, §2 Timing].
public enum CommitmentRound {
    /// The days on which a round opens, in order.
    public static func starts(startYear: Int, endYear: Int, phases: [CampaignPhase]) -> [CalendarDay] {
        let first = phases.first?.startsOn ?? CalendarDay(year: startYear, month: 1, day: 1)!
        var days: Set<CalendarDay> = [first]
        if endYear > first.year {
            for y in (first.year + 1)...endYear { days.insert(CalendarDay(year: y, month: 1, day: 1)!) }
        }
        if let deepening = phases.first(where: { $0.kind == .deepening }) { days.insert(deepening.startsOn) }
        return days.sorted()
    }

    /// The round a day belongs to (1 before the campaign starts).
    public static func number(on day: CalendarDay, startYear: Int, endYear: Int, phases: [CampaignPhase]) -> Int {
        max(1, starts(startYear: startYear, endYear: endYear, phases: phases).filter { $0 <= day }.count)
    }

    /// 长期承诺结转: only a long-term commitment that was published carries forward, and only into a
    /// later round; it is submitted there for review again.
    public static func checkCarryForward(kind: CommitmentKind, state: CommitmentState, fromRound: Int, toRound: Int) throws {
        guard kind == .longTerm else {
            throw VanguardError.conflict("只有长期承诺可以结转到下一轮", "Only a long-term commitment carries forward")
        }
        guard state.isPublic else {
            throw VanguardError.conflict("承诺当前为“\(state.name.zh)”，不能结转", "A commitment that is \(state.name.en.lowercased()) cannot carry forward")
        }
        guard toRound > fromRound else {
            throw VanguardError.conflict("新一轮尚未开始，不能结转", "The next round has not started yet")
        }
    }
}
