/// 第十二表 党内表彰情况: the year's commendations of a subtree in the shape of the party statistics table —
/// a row per level of commendation (全国、省级、市级、县级) and the total; a column per title, and for the
/// titles given to members, of them women and those aged 35 or less. Read from the counters.
public enum CommendationTable {
    /// A title's column heading: its name and unit (先进基层党组织（个）, 优秀共产党员（名）).
    public struct Title: Sendable {
        public var code: String
        public var name: String
        public var forMembers: Bool

        public init(code: String, name: String, forMembers: Bool) {
            self.code = code
            self.name = name
            self.forMembers = forMembers
        }
    }

    public static func header(_ titles: [Title]) -> [String] {
        ["表彰级别"]
            + titles.flatMap { t in
                t.forMembers ? ["\(t.name)（名）", "其中：女", "其中：35岁及以下"] : ["\(t.name)（个）"]
            }
    }

    /// The rows, the highest level first, then 合计; each cell a count.
    public static func rows(_ titles: [Title], _ f: StatFigures) -> [(label: String, counts: [Int])] {
        let levels = CommendationLevel.allCases.reversed()
        var out: [(String, [Int])] = levels.map { level in
            (
                level.name.zh + "表彰",
                titles.flatMap { t in
                    let all = f.value(StatMetric.commended(title: t.code, level: level))
                    return t.forMembers
                        ? [
                            all, f.value(StatMetric.commendedWomen(title: t.code, level: level)),
                            f.value(StatMetric.commendedYoung(title: t.code, level: level)),
                        ] : [all]
                }
            )
        }
        let width = out.first?.1.count ?? 0
        out.insert(("合计", (0..<width).map { i in out.reduce(0) { $0 + $1.1[i] } }), at: 0)
        return out
    }
}
