/// 统计指标: the names under which counters are kept per organization and year, for the organization
/// alone (`own`) and its whole subtree. A name is data, so later issues add metrics without a migration.
public enum StatMetric {
    /// "organization" or "member": whose commitment it is.
    public static func subject(member: Bool) -> String { member ? "member" : "organization" }

    /// Commitments of a subject in a state: `member.c.fulfilled`.
    public static func commitments(_ subject: String, _ state: CommitmentState) -> String { "\(subject).c.\(state.rawValue)" }
    /// Items of a subject's commitments, and how many are fulfilled.
    public static func items(_ subject: String) -> String { "\(subject).items" }
    public static func itemsFulfilled(_ subject: String) -> String { "\(subject).items_fulfilled" }
    /// Items fulfilled in a month (1…12) of the day they were fulfilled, for the chart over the year.
    public static func fulfilledInMonth(_ subject: String, _ month: Int) -> String { "\(subject).fulfilled.m" + (month < 10 ? "0" : "") + String(month) }
    /// 已承诺党员: members with at least one commitment that reached review this year, wherever they made
    /// it, counted at their own organization — the numerator of 覆盖率.
    public static let committedMembers = "member.committed"
    /// 外单位党员在此承诺（人次）: at each organization, the members of other organizations who made a
    /// commitment there this year (在职党员 at their residence, 流动党员 at their inflow organization),
    /// one per member and place; a subtree adds its places' figures, so a member who committed at two
    /// places counts twice there, and a member of the subtree committing elsewhere in it counts too. A
    /// figure of its own, never in 覆盖率.
    public static let committedGuests = "member.committed_guests"
    /// 免于承诺: members exempted for the year, counted at their own organization (they move with a transfer).
    public static let exemptMembers = "member.exempt"
    /// 积分: the sum of members' point totals of the year, at their own organization.
    public static let memberPoints = "member.points"
    /// 星级: members at `stars` stars (1…); those without a star are the members not counted here.
    public static func memberStars(_ stars: Int) -> String { "member.stars.\(stars)" }
    /// 组织认定 by grade.
    public static func determinations(_ subject: String, _ grade: EvaluationGrade) -> String { "\(subject).d.\(grade.rawValue)" }
    /// 群众评议 answers, folded in as ballots are counted.
    public static func ballots(_ answer: EvaluationAnswer) -> String { "ballots.\(answer.rawValue)" }

    /// The states in which a commitment counts as made (定诺 done: it reached review).
    public static let madeStates: [CommitmentState] = [.submitted, .approved, .published, .inProgress, .fulfilled, .overdue, .evaluated]
    /// The states in which a commitment counts as fulfilled.
    public static let fulfilledStates: [CommitmentState] = [.fulfilled, .evaluated]
    /// Commitments in these states count their items (a draft's, a returned or a withdrawn one's do not).
    public static func countsItems(_ state: CommitmentState) -> Bool { madeStates.contains(state) }
}

/// 统计数字: the headline figures of one organization (or its subtree) from its counters.
public struct StatFigures: Sendable, Hashable {
    public let values: [String: Int]

    public init(_ values: [String: Int]) { self.values = values }

    public func value(_ metric: String) -> Int { values[metric] ?? 0 }

    public func made(_ subject: String) -> Int { StatMetric.madeStates.reduce(0) { $0 + value(StatMetric.commitments(subject, $1)) } }
    public func fulfilled(_ subject: String) -> Int { StatMetric.fulfilledStates.reduce(0) { $0 + value(StatMetric.commitments(subject, $1)) } }
    public func overdue(_ subject: String) -> Int { value(StatMetric.commitments(subject, .overdue)) }
    public func items(_ subject: String) -> Int { value(StatMetric.items(subject)) }
    public func itemsFulfilled(_ subject: String) -> Int { value(StatMetric.itemsFulfilled(subject)) }

    /// 兑现率: fulfilled items over items made; nil when nothing was made.
    public func fulfilmentRate(_ subject: String) -> Double? {
        items(subject) > 0 ? Double(itemsFulfilled(subject)) / Double(items(subject)) : nil
    }

    /// Items fulfilled month by month (January first).
    public func fulfilledByMonth(_ subject: String) -> [Int] { (1...12).map { value(StatMetric.fulfilledInMonth(subject, $0)) } }

    public func ballots(_ answer: EvaluationAnswer) -> Int { value(StatMetric.ballots(answer)) }

    /// Members by star level, the most stars first: (stars, members) for 1…`levels` stars.
    public func starDistribution(levels: Int) -> [(stars: Int, members: Int)] {
        levels > 0 ? (1...levels).reversed().map { ($0, value(StatMetric.memberStars($0))) } : []
    }

    /// 应承诺: of `members`, those not exempted this year.
    public func shouldCommit(members: Int) -> Int { max(0, members - value(StatMetric.exemptMembers)) }

    /// 覆盖率: members who committed over those who should; nil when nobody should.
    public func coverageRate(members: Int) -> Double? {
        let should = shouldCommit(members: members)
        return should > 0 ? min(1, Double(value(StatMetric.committedMembers)) / Double(should)) : nil
    }

    /// 满意率 over every ballot answer counted in the subtree.
    public var satisfactionRate: Double? {
        SatisfactionRate().rate(Dictionary(uniqueKeysWithValues: EvaluationAnswer.allCases.map { ($0, ballots($0)) }))
    }

    public func determinations(_ subject: String, _ grade: EvaluationGrade) -> Int { value(StatMetric.determinations(subject, grade)) }
}

/// 督查帮扶's counters: backward units by kind, and rectification items by state.
extension StatMetric {
    /// 认定后进 (in the year designated), at the unit's organization.
    public static func backwardDesignated(_ kind: BackwardKind) -> String { "backward.\(kind.rawValue).designated" }
    /// 已结对: designations with a pairing.
    public static func backwardPaired(_ kind: BackwardKind) -> String { "backward.\(kind.rawValue).paired" }
    /// 已摘帽 / 已转化
    public static func backwardLifted(_ kind: BackwardKind) -> String { "backward.\(kind.rawValue).lifted" }
    /// 整改事项 by state (in the year opened), at the unit's organization.
    public static func rectifications(_ state: RectificationState) -> String { "rectification.\(state.rawValue)" }
    /// 逾期未销号
    public static let rectificationsOverdue = "rectification.overdue"

    /// 调研指导 in quarter 1…4 of the visit's year, at the contact point's organization.
    public static func visits(quarter: Int) -> String { "contact.visits.q\(quarter)" }
    /// 联系点 visited at least once in the quarter (a leader's point counted once however often she came).
    public static func pointsVisited(quarter: Int) -> String { "contact.visited.q\(quarter)" }
    /// 巡回检查 recorded for the quarter of its plan, at the inspected unit.
    public static func inspections(quarter: Int) -> String { "inspection.done.q\(quarter)" }
    /// Problems those inspections found (each an item of the unit).
    public static func inspectionFindings(quarter: Int) -> String { "inspection.findings.q\(quarter)" }

    /// Whether a metric is seen only by those who may read private data (后进认定不公开: a branch's own
    /// count would name it to its members; its ledger goes with it; inspections' findings are the office's).
    public static func isPrivate(_ metric: String) -> Bool {
        metric.hasPrefix("backward.") || metric.hasPrefix("rectification.") || metric.hasPrefix("inspection.") || metric == nominated
            || metric.hasPrefix("fund.")
            || metric.hasPrefix("report.")
    }

    /// The metrics 督查帮扶 keeps (private or not).
    public static func isSupport(_ metric: String) -> Bool {
        ["backward.", "rectification.", "inspection.", "contact."].contains { metric.hasPrefix($0) }
    }
}

extension StatFigures {
    /// The figures without the private metrics (for a caller who may not read private data).
    public var publicOnly: StatFigures { StatFigures(values.filter { !StatMetric.isPrivate($0.key) }) }

    /// 整改事项 opened in all.
    public var rectificationsOpened: Int { RectificationState.allCases.reduce(0) { $0 + value(StatMetric.rectifications($1)) } }
}

extension StatFigures {
    /// 调研指导 quarter by quarter (first quarter first).
    public var visitsByQuarter: [Int] { (1...4).map { value(StatMetric.visits(quarter: $0)) } }
    /// Contact points visited quarter by quarter.
    public var pointsVisitedByQuarter: [Int] { (1...4).map { value(StatMetric.pointsVisited(quarter: $0)) } }
    /// 巡回检查 quarter by quarter.
    public var inspectionsByQuarter: [Int] { (1...4).map { value(StatMetric.inspections(quarter: $0)) } }
    /// Problems found by inspections quarter by quarter.
    public var findingsByQuarter: [Int] { (1...4).map { value(StatMetric.inspectionFindings(quarter: $0)) } }
}

/// 评选表彰's counters, at the nominee's organization in the round's year.
extension StatMetric {
    /// 推荐 (every nomination not returned; private: a nomination is not public before its notice).
    public static let nominated = "commendation.nominated"
    /// 公示中
    public static let onNotice = "commendation.notice"
    /// 表彰 by title and level.
    public static func commended(title: String, level: CommendationLevel) -> String { "commendation.commended.\(title).\(level.rawValue)" }
    /// 撤销称号
    public static let revoked = "commendation.revoked"
    /// 表彰 of women, by title and level (第十二表's 其中：女).
    public static func commendedWomen(title: String, level: CommendationLevel) -> String { "commendation.women.\(title).\(level.rawValue)" }
    /// 表彰 of members aged 35 or less in the round's year, by title and level (其中：35岁及以下).
    public static func commendedYoung(title: String, level: CommendationLevel) -> String { "commendation.young.\(title).\(level.rawValue)" }
    /// 表彰 by the sector of the nominee's organization (every title and level).
    public static func commendedInSector(_ sector: Sector) -> String { "commendation.sector.\(sector.rawValue)" }
    /// 基石工程: yuan received, paid in awards, reclaimed (private).
    public static func fund(_ kind: FundEntryKind) -> String { "fund.\(kind.rawValue)" }
}

extension StatFigures {
    /// 表彰 of a title at every level (nil: every title).
    public func commended(title: String?) -> Int {
        values.filter { $0.key.hasPrefix("commendation.commended." + (title.map { $0 + "." } ?? "")) }.reduce(0) { $0 + $1.value }
    }
}

/// 报告报送's counters, at the reporting organization in the call's year, per period (private: the office's
/// business, like the ledger of backward units).
extension StatMetric {
    /// 应报
    public static func reportsDue(_ period: ReportPeriod) -> String { "report.\(period.rawValue).due" }
    /// 已报 (waiting for review or accepted)
    public static func reportsReceived(_ period: ReportPeriod) -> String { "report.\(period.rawValue).received" }
    /// 已通过
    public static func reportsAccepted(_ period: ReportPeriod) -> String { "report.\(period.rawValue).accepted" }
    /// 逾期报送 (first submitted after the due date)
    public static func reportsLate(_ period: ReportPeriod) -> String { "report.\(period.rawValue).late" }
}
