import Foundation

/// 评分表提纲: how a clerk writes a scoring template — one criterion a line, "编号 名称 分值", where the
/// code's dots give the tree ("1.2" sits under "1"). Every problem names its line.
public enum ScoringOutline {
    public static func parse(title: String, maximum: Double, text: String) throws -> ScoringCriterion {
        var nodes: [(code: String, title: String, maximum: Double)] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty else { continue }
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" }).map(String.init)
            guard parts.count >= 3, let points = Double(parts.last!), parts[0].allSatisfy({ $0.isNumber || $0 == "." || $0.isASCII && $0.isLetter }) else {
                throw VanguardError.invalid("第\(n + 1)行应写作“编号 名称 分值”，如“1.2 领导点评 4”", "Line \(n + 1) should read 'code title points'", field: "outline")
            }
            guard !nodes.contains(where: { $0.code == parts[0] }) else {
                throw VanguardError.invalid("第\(n + 1)行的编号\(parts[0])重复", "Line \(n + 1) repeats code \(parts[0])", field: "outline")
            }
            let parent = parts[0].split(separator: ".").dropLast().joined(separator: ".")
            guard parent.isEmpty || nodes.contains(where: { $0.code == parent }) else {
                throw VanguardError.invalid("第\(n + 1)行的上级指标\(parent)须写在它前面", "Line \(n + 1): its parent \(parent) must come first", field: "outline")
            }
            nodes.append((parts[0], parts[1..<(parts.count - 1)].joined(separator: " "), points))
        }
        func children(of parent: String) -> [ScoringCriterion] {
            nodes.filter { $0.code.split(separator: ".").dropLast().joined(separator: ".") == parent }.map {
                ScoringCriterion(code: $0.code, title: $0.title, maximum: $0.maximum, children: children(of: $0.code))
            }
        }
        let root = ScoringCriterion(code: "ROOT", title: title.trimmingCharacters(in: .whitespaces), maximum: maximum, children: children(of: ""))
        guard !root.children.isEmpty else { throw VanguardError.invalid("请至少写一项指标", "Write at least one criterion", field: "outline") }
        try ScoringSheet.check(root)
        return root
    }

    /// The outline of a template, for showing it the way it is written.
    public static func lines(_ root: ScoringCriterion) -> [String] {
        func visit(_ c: ScoringCriterion) -> [String] {
            ["\(c.code) \(c.title) \(c.maximum == c.maximum.rounded() ? String(Int(c.maximum)) : String(c.maximum))"] + c.children.flatMap(visit)
        }
        return root.children.flatMap(visit)
    }
}
