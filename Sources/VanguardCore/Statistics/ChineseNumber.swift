import Foundation

/// 中文数字: numbers as Chinese readers expect them — plain digits below ten thousand, 52.6万 for
/// 526,000, 1.2亿 from a hundred million; rates as percentages with one decimal. English readers get
/// grouped digits.
public enum ChineseNumber {
    public static func format(_ n: Int, english: Bool = false) -> String {
        if english || abs(n) < 10_000 { return n.formatted(.number.grouping(english ? .automatic : .never)) }
        if abs(n) < 100_000_000 { return trim(Double(n) / 10_000) + "万" }
        return trim(Double(n) / 100_000_000) + "亿"
    }

    /// The exact figure with thousands separators (11,785): what tables show and cards carry on hover.
    public static func exact(_ n: Int) -> String { n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))) }  // en_US_POSIX does not group on Linux

    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func trim(_ d: Double) -> String {
        let s = String(format: "%.1f", d)
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }
}
