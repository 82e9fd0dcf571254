/// 评选表彰: one commending committee's commendation of a campaign year — quotas per title, nominations
/// level by level, the shortlist on public notice, and the decision [DOMAIN §5].
public enum CommendationRoundState: String, Sendable, CaseIterable, Codable {
    /// 推荐中: nominations come up and are selected.
    case nominating
    /// 公示中: the shortlist is on public notice until `noticeUntil`.
    case notice
    /// 已决定: the commendation decision (表彰决定) is made.
    case decided

    public var name: Bilingual {
        switch self {
        case .nominating: .init("推荐遴选", "Nominating")
        case .notice: .init("公示中", "On public notice")
        case .decided: .init("已发表彰决定", "Decided")
        }
    }
}

public enum CommendationRules {
    /// 公示期: at least five days [the usual 公示不少于5个工作日], at most thirty.
    public static let noticeDays = 5...30

    public static func checkRound(name: String, year: Int, noticeDays days: Int, decideBy: CalendarDay, today: CalendarDay) throws {
        let t = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, CommendationText.fits(t, limit: 100) else {
            throw VanguardError.invalid("请填写评选名称（不超过100字）", "Name the round (at most 100 characters)", field: "name")
        }
        guard (2000...2100).contains(year) else { throw VanguardError.invalid("年度不正确", "The year is out of range", field: "year") }
        guard noticeDays.contains(days) else {
            throw VanguardError.invalid(
                "公示期为\(noticeDays.lowerBound)到\(noticeDays.upperBound)天", "Public notice lasts \(noticeDays.lowerBound) to \(noticeDays.upperBound) days",
                field: "noticeDays")
        }
        guard decideBy >= today else { throw VanguardError.invalid("表彰日期不能早于今天", "The decision date cannot be in the past", field: "decideBy") }
    }

    /// 名额: a quota is 0…10,000; what a holder splits among the units below it is at most its own quota.
    public static func checkQuota(_ quota: Int, splitBelow: Int, parentQuota: Int?) throws {
        guard (0...10_000).contains(quota) else { throw VanguardError.invalid("名额须在0到10000之间", "A quota is 0 to 10,000", field: "quota") }
        guard splitBelow <= quota else {
            throw VanguardError.conflict("已分给下级\(splitBelow)个名额，不能少于此数", "\(splitBelow) places are split below: the quota cannot be less")
        }
        if let parentQuota, quota > parentQuota {
            throw VanguardError.conflict("名额超过上级分配的\(parentQuota)个", "More than the \(parentQuota) places of the level above")
        }
    }

    /// 公示: from a shortlist that is not empty, while nominating.
    public static func checkPublish(state: CommendationRoundState, shortlisted: Int) throws {
        guard state == .nominating else { throw VanguardError.conflict("已经公示", "Already on public notice") }
        guard shortlisted > 0 else { throw VanguardError.conflict("没有拟表彰对象，不能公示", "Nobody is shortlisted") }
    }

    /// 表彰决定: after the notice period and with every objection verified.
    public static func checkDecision(state: CommendationRoundState, noticeUntil: CalendarDay?, today: CalendarDay, openObjections: Int, number: String) throws {
        guard state == .notice, let noticeUntil else { throw VanguardError.conflict("须先公示拟表彰对象", "Put the shortlist on public notice first") }
        guard today > noticeUntil else { throw VanguardError.conflict("公示期至\(noticeUntil)，期满后才能决定", "The notice runs until \(noticeUntil)") }
        guard openObjections == 0 else { throw VanguardError.conflict("还有\(openObjections)件异议未核实", "\(openObjections) objection(s) not yet verified") }
        let t = number.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty, CommendationText.fits(t, limit: 60) else {
            throw VanguardError.invalid("请填写表彰决定文号（不超过60字）", "Give the decision's number (at most 60 characters)", field: "number")
        }
    }
}
