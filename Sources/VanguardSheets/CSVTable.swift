import Foundation

/// RFC 4180 CSV, read from decoded text so that encodings and row numbers stay ours to report.
/// (A 60-line reader rather than a dependency: the import error report needs exact row numbers.)
public enum CSVTable {
    /// Rows of fields. Quoted fields may hold commas, quotes (`""`) and line breaks. Each field is
    /// counted against `limits` as it ends, so a 20 MB file of commas stops at the cell limit.
    public static func parse(
        _ text: String, separator: Unicode.Scalar = ",", quoting: Bool = true, limits: SheetLimits = .standard
    ) throws -> [[String]] {
        var rows = RowCollector(limits: limits)
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endField() throws {
            guard row.count < limits.columns else { throw limits.tooManyColumns }
            guard field.utf8.count <= limits.cellBytes else { throw limits.cellTooLong }
            try rows.spend(1)
            row.append(field)
            field = ""
        }
        func endRow() throws {
            try endField()
            try rows.appendCounted(row)
            row = []
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
            case "\"" where quoting && field.isEmpty: inQuotes = true
            case separator: try endField()
            case "\r":
                if let n = next(), n != "\n" { pending = n }
                try endRow()
            case "\n": try endRow()
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { try endRow() }
        return rows.rows
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
