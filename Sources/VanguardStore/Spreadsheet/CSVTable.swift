import Foundation

/// RFC 4180 CSV, read from decoded text so that encodings and row numbers stay ours to report.
/// (A 60-line reader rather than a dependency: the import error report needs exact row numbers.)
public enum CSVTable {
    /// Rows of fields. Quoted fields may hold commas, quotes (`""`) and line breaks.
    public static func parse(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": row.append(field); field = ""
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                row.append(field); rows.append(row); row = []; field = ""
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// CSV text with a BOM, so Excel opens the Chinese correctly.
    public static func write(_ rows: [[String]]) -> Data {
        var out = "\u{FEFF}"
        for row in rows {
            out += row.map(quote).joined(separator: ",")
            out += "\r\n"
        }
        return Data(out.utf8)
    }

    static func quote(_ field: String) -> String {
        // A leading =, +, - or @ would run as a formula in Excel: prefix it with an apostrophe.
        var f = field
        if let first = f.first, "=+-@".contains(first), Double(f) == nil { f = "'" + f }
        guard f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return f }
        return "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
