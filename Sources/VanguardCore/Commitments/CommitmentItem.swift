import Foundation

/// 承诺事项: one promise of a commitment — what, who is responsible, by when, with what result.
/// "记得清、说得明、做得到、好评价" [DOMAIN §2].
public struct CommitmentItemDraft: Sendable, Hashable, Codable {
    public var content: String
    public var responsibility: String
    public var deadline: CalendarDay
    public var expectedResult: String
    /// 重点领域: one of the sector's focus areas, or free text.
    public var focusArea: String?

    public init(content: String, responsibility: String, deadline: CalendarDay, expectedResult: String, focusArea: String? = nil) {
        self.content = content
        self.responsibility = responsibility
        self.deadline = deadline
        self.expectedResult = expectedResult
        self.focusArea = focusArea
    }
}

/// 定诺的要求: at least one item, each complete, with a deadline that has not passed and (for
/// immediate commitments) falls within 90 days.
public enum CommitmentContent {
    public static let maximumItems = 20

    public static func problems(in items: [CommitmentItemDraft], kind: CommitmentKind, today: CalendarDay) -> [VanguardError] {
        guard !items.isEmpty else {
            return [.invalid("至少要有一项承诺事项", "A commitment needs at least one item", field: "items")]
        }
        var out: [VanguardError] = []
        if items.count > maximumItems {
            out.append(.invalid("承诺事项不能超过\(maximumItems)项", "At most \(maximumItems) items", field: "items"))
        }
        for (i, item) in items.enumerated() {
            let n = i + 1
            func blank(_ s: String) -> Bool { s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
            if blank(item.content) || item.content.count > 500 {
                out.append(.invalid("第\(n)项：承诺内容不能为空且不超过500字", "Item \(n): content is required (at most 500 characters)", field: "items[\(i)].content"))
            }
            if blank(item.responsibility) || item.responsibility.count > 200 {
                out.append(.invalid("第\(n)项：须写明责任（不超过200字）", "Item \(n): responsibility is required", field: "items[\(i)].responsibility"))
            }
            if blank(item.expectedResult) || item.expectedResult.count > 500 {
                out.append(.invalid("第\(n)项：须写明预期结果（不超过500字）", "Item \(n): expected result is required", field: "items[\(i)].expectedResult"))
            }
            if item.deadline < today {
                out.append(.invalid("第\(n)项：完成时限不能早于今天", "Item \(n): the deadline has already passed", field: "items[\(i)].deadline"))
            }
            if kind == .immediate, today.daysUntil(item.deadline) > 90 {
                out.append(.invalid("第\(n)项：即时承诺的时限不应超过90天", "Item \(n): an immediate commitment is due within 90 days", field: "items[\(i)].deadline"))
            }
        }
        return out
    }
}

extension CalendarDay {
    /// Days since 1970-01-01 (the inverse of `fromDaysSince1970`).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public func daysUntil(_ other: CalendarDay) -> Int { other.daysSince1970 - daysSince1970 }

    /// The civil date `days` after 1970-01-01 (Howard Hinnant's algorithm).
    public static func fromDaysSince1970(_ days: Int) -> CalendarDay {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return CalendarDay(year: y, month: m, day: d)!
    }
}
