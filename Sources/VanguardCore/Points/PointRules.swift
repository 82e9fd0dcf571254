import Foundation

/// 积分制管理: rules are data — an event earns (or costs) points, at most `yearlyCap` in a year.
public struct PointRule: Sendable, Hashable, Codable {
    public var event: String
    public var points: Int
    /// The most this rule may add (or, for deductions, take) in one year; nil for no limit.
    public var yearlyCap: Int?

    public init(event: String, points: Int, yearlyCap: Int? = nil) {
        self.event = event
        self.points = points
        self.yearlyCap = yearlyCap
    }
}

/// A point event as it happened: what, when, for whom (a manual one carries its own points).
public struct PointEvent: Sendable, Hashable, Codable {
    public var event: String
    public var day: CalendarDay
    public var manualPoints: Int?

    public init(event: String, day: CalendarDay, manualPoints: Int? = nil) {
        self.event = event
        self.day = day
        self.manualPoints = manualPoints
    }
}

/// 积分与评星: totals are computed from the events and the current rules alone, in date order, so a
/// recalculation after a rule change equals applying the rules from scratch [issue 4].
public enum PointLedger {
    /// The points each event earns, in the events' order (events without a rule earn 0).
    public static func apply(_ events: [PointEvent], rules: [PointRule]) -> [Int] {
        let byEvent = Dictionary(rules.map { ($0.event, $0) }, uniquingKeysWith: { a, _ in a })
        var used: [String: Int] = [:]  // "year|event" → points so far
        let order = events.indices.sorted { (events[$0].day, $0) < (events[$1].day, $1) }
        var earned = Array(repeating: 0, count: events.count)
        for i in order {
            let e = events[i]
            if let manual = e.manualPoints {
                earned[i] = manual
                continue
            }
            guard let rule = byEvent[e.event] else { continue }
            let key = "\(e.day.year)|\(e.event)"
            var p = rule.points
            if let cap = rule.yearlyCap {
                let so = used[key, default: 0]
                p = rule.points >= 0 ? max(0, min(p, cap - so)) : min(0, max(p, -cap - so))
            }
            used[key, default: 0] += p
            earned[i] = p
        }
        return earned
    }

    public static func total(_ events: [PointEvent], rules: [PointRule], year: Int) -> Int {
        zip(events, apply(events, rules: rules)).filter { $0.0.day.year == year }.reduce(0) { $0 + $1.1 }
    }
}

/// 评星定级: the number of stars for a score, by thresholds (data): `[60, 70, 80, 90, 95]` gives one
/// star from 60 and five from 95.
public enum StarLevel {
    public static func stars(for score: Double, thresholds: [Double]) -> Int {
        thresholds.sorted().filter { score >= $0 }.count
    }
}

/// 积分排名: competition ranking (1, 2, 2, 4) by total, highest first.
public enum PointRanking {
    public static func ranks(_ totals: [Int]) -> [Int] {
        totals.map { t in totals.filter { $0 > t }.count + 1 }
    }
}

/// 加减分需第二人审核: the one who proposes a manual entry cannot approve it.
public enum ManualPointsRule {
    public static func check(points: Int, reason: String) throws {
        guard points != 0, abs(points) <= 100 else { throw VanguardError.invalid("加减分须为非零且不超过±100", "Points must be non-zero, within ±100", field: "points") }
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, reason.count <= 500 else {
            throw VanguardError.invalid("请写明加减分理由（不超过500字）", "A reason is required (at most 500 characters)", field: "reason")
        }
    }

    public static func checkApprover(proposedBy: String, approver: String) throws {
        guard proposedBy != approver else {
            throw VanguardError(.forbidden, .init("加减分须由另一人审核，不能审核自己提出的", "Another person must approve a manual entry"))
        }
    }
}
