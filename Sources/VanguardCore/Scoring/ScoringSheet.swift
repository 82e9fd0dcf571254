/// 评分表: a tree of criteria with maximum points (e.g. the 100-point 三级联创 sheet, where 创先争优 is
/// worth 20 [DOMAIN §3.4]). Templates are data; this rule keeps them and the scores given consistent.
public struct ScoringCriterion: Sendable, Hashable, Codable {
    public var code: String
    public var title: String
    public var maximum: Double
    public var children: [ScoringCriterion]

    public init(code: String, title: String, maximum: Double, children: [ScoringCriterion] = []) {
        self.code = code
        self.title = title
        self.maximum = maximum
        self.children = children
    }

    /// The leaves, where scores are given.
    public var leaves: [ScoringCriterion] { children.isEmpty ? [self] : children.flatMap(\.leaves) }
}

public enum ScoringSheet {
    /// A template: positive maxima, unique codes, and children that add up to their parent's maximum.
    public static func check(_ root: ScoringCriterion) throws {
        var codes = Set<String>()
        func visit(_ c: ScoringCriterion) throws {
            guard c.maximum > 0 else { throw VanguardError.invalid("“\(c.title)”的满分须大于0", "'\(c.title)' needs a positive maximum", field: c.code) }
            guard codes.insert(c.code).inserted else { throw VanguardError.invalid("指标编号重复：\(c.code)", "Duplicate criterion code \(c.code)", field: c.code) }
            if !c.children.isEmpty {
                let sum = c.children.reduce(0) { $0 + $1.maximum }
                guard abs(sum - c.maximum) < 1e-9 else {
                    throw VanguardError.invalid(
                        "“\(c.title)”的下级指标合计\(sum)分，与满分\(c.maximum)分不符", "The criteria under '\(c.title)' add up to \(sum), not \(c.maximum)", field: c.code)
                }
                for child in c.children { try visit(child) }
            }
        }
        try visit(root)
    }

    /// The total of scores given per leaf code; every score must lie between 0 and the leaf's maximum.
    public static func total(_ root: ScoringCriterion, scores: [String: Double]) throws -> Double {
        let leaves = Dictionary(root.leaves.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        for (code, s) in scores {
            guard let leaf = leaves[code] else { throw VanguardError.invalid("没有指标 \(code)", "No criterion \(code)", field: code) }
            guard s >= 0, s <= leaf.maximum else {
                throw VanguardError.invalid("“\(leaf.title)”的得分须在0到\(leaf.maximum)之间", "'\(leaf.title)' is scored 0…\(leaf.maximum)", field: code)
            }
        }
        // Summed in the sheet's order and kept to hundredths, so the same scores give the same total.
        let sum = root.leaves.reduce(0) { $0 + (scores[$1.code] ?? 0) }
        return (sum * 100).rounded() / 100
    }
}
