import Foundation

/// 中文数字: large counts the way Chinese reports write them — 5,260 stays, 526,000 is 52.6万,
/// 526,000,000 is 5.26亿; rates as percentages with one decimal.
public enum ChineseNumber {
    public static func format(_ n: Int) -> String {
        let a = abs(n)
        let sign = n < 0 ? "-" : ""
        if a >= 100_000_000 { return sign + trimmed(Double(a) / 100_000_000, places: 2) + "亿" }
        if a >= 100_000 { return sign + trimmed(Double(a) / 10_000, places: 1) + "万" }
        return String(n)
    }

    public static func percent(_ rate: Double?) -> String {
        guard let rate else { return "—" }
        return String(format: "%.1f%%", rate * 100)
    }

    static func trimmed(_ x: Double, places: Int) -> String {
        var s = String(format: "%.\(places)f", x)
        while s.contains("."), s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
