import Foundation
import VanguardCore

/// 统计图: charts as inline SVG — no script, no library, sharp when printed.
enum SVGChart {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// One horizontal bar per row, for rates in 0…1 (a missing rate draws no bar and says so).
    static func rateBars(_ rows: [(label: String, rate: Double?)], title: String, width: Int = 720) -> String {
        let rowHeight = 22
        let labelWidth = 220
        let barWidth = Double(width - labelWidth - 70)
        let height = rows.count * rowHeight + 30
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(escape(title))</title>"
        for (i, row) in rows.enumerated() {
            let y = 20 + i * rowHeight
            out += "<text x=\"\(labelWidth - 6)\" y=\"\(y + 14)\" text-anchor=\"end\" font-size=\"13\">\(escape(String(row.label.prefix(16))))</text>"
            if let r = row.rate {
                let w = max(1, Int(barWidth * min(1, max(0, r))))
                out += "<rect class=\"bar\" x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowHeight - 8)\" fill=\"#b3141c\"></rect>"
                out += "<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 14)\" font-size=\"12\">\(String(format: "%.1f%%", r * 100))</text>"
            } else {
                out += "<text x=\"\(labelWidth + 4)\" y=\"\(y + 14)\" font-size=\"12\" fill=\"#888\">—</text>"
            }
        }
        out += "<line x1=\"\(labelWidth)\" y1=\"14\" x2=\"\(labelWidth)\" y2=\"\(height - 6)\" stroke=\"#999\"></line>"
        return out + "</svg>"
    }

    /// Twelve columns, January to December, with their counts.
    static func months(_ values: [Int], title: String, width: Int = 720, height: Int = 220) -> String {
        let top = max(values.max() ?? 0, 1)
        let plot = Double(height - 50)
        let step = Double(width - 40) / 12
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(escape(title))</title>"
        for (i, v) in values.prefix(12).enumerated() {
            let h = Int(plot * Double(v) / Double(top))
            let x = 20 + Int(Double(i) * step)
            let y = height - 30 - h
            out += "<rect class=\"bar\" x=\"\(x + 4)\" y=\"\(y)\" width=\"\(Int(step) - 8)\" height=\"\(h)\" fill=\"#b3141c\"></rect>"
            out += "<text x=\"\(x + Int(step / 2))\" y=\"\(y - 4)\" text-anchor=\"middle\" font-size=\"11\">\(v > 0 ? ChineseNumber.format(v) : "")</text>"
            out += "<text x=\"\(x + Int(step / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\" font-size=\"12\">\(i + 1)月</text>"
        }
        out += "<line x1=\"20\" y1=\"\(height - 30)\" x2=\"\(width - 20)\" y2=\"\(height - 30)\" stroke=\"#999\"></line>"
        return out + "</svg>"
    }

    /// Four groups of columns, first quarter to fourth, one column per series (at most three), with a key.
    static func quarters(_ series: [(label: String, values: [Int])], title: String, width: Int = 720, height: Int = 220) -> String {
        let colors = ["#b3141c", "#e0a526", "#555"]
        let series = Array(series.prefix(colors.count))
        let top = max(series.flatMap(\.values).max() ?? 0, 1)
        let plot = Double(height - 70)
        let group = Double(width - 40) / 4
        let column = max(8, Int(group - 24) / max(series.count, 1))
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" aria-label=\"\(escape(title))\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<title>\(escape(title))</title>"
        for (s, item) in series.enumerated() {
            out += "<rect x=\"\(20 + s * 140)\" y=\"6\" width=\"12\" height=\"12\" fill=\"\(colors[s])\"></rect>"
            out += "<text x=\"\(36 + s * 140)\" y=\"17\" font-size=\"12\">\(escape(item.label))</text>"
        }
        for q in 0..<4 {
            let x0 = 20 + Int(Double(q) * group) + 12
            for (s, item) in series.enumerated() {
                let v = q < item.values.count ? item.values[q] : 0
                let h = Int(plot * Double(v) / Double(top))
                let x = x0 + s * column
                let y = height - 30 - h
                out += "<rect class=\"bar\" x=\"\(x)\" y=\"\(y)\" width=\"\(column - 4)\" height=\"\(h)\" fill=\"\(colors[s])\"></rect>"
                out += "<text x=\"\(x + column / 2)\" y=\"\(y - 4)\" text-anchor=\"middle\" font-size=\"11\">\(v > 0 ? ChineseNumber.format(v) : "")</text>"
            }
            out +=
                "<text x=\"\(20 + Int(Double(q) * group + group / 2))\" y=\"\(height - 12)\" text-anchor=\"middle\" font-size=\"12\">第\(["一", "二", "三", "四"][q])季度</text>"
        }
        out += "<line x1=\"20\" y1=\"\(height - 30)\" x2=\"\(width - 20)\" y2=\"\(height - 30)\" stroke=\"#999\"></line>"
        return out + "</svg>"
    }
}
