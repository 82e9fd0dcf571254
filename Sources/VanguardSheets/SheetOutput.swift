import Foundation

/// 单元格: a value as a spreadsheet keeps it — text stays text (member numbers keep their zeros),
/// counts are numbers, rates are numbers shown as percentages.
public enum SheetCell: Sendable, Hashable {
    case text(String)
    /// A whole number that is no quantity — an id, a year, a position: shown as it is (2026, not 2,026).
    case integer(Int)
    /// A count: grouped by thousands (11,785).
    case count(Int)
    case number(Double)
    /// A rate from 0 to 1, shown as 96.4%; nil is an empty cell ("—" in CSV).
    case percent(Double?)

    /// 8, 8.5, 8.25: at most two decimals, no trailing zeros.
    static func plain(_ d: Double) -> String {
        var s = String(format: "%.2f", d)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }

    /// How the cell reads in a CSV file (and in a width estimate).
    public var csvText: String {
        switch self {
        case .text(let s): s
        case .integer(let n), .count(let n): String(n)
        case .number(let d): Self.plain(d)
        case .percent(let r): r.map { String(format: "%.1f%%", $0 * 100) } ?? "—"
        }
    }
}

/// What a sheet shows above its rows, and how it prints.
public struct SheetLayout: Sendable {
    public var sheetName: String
    /// The title row above the header (the organization, what, the year, the date of compilation),
    /// merged across the columns; nil for files meant to be imported again, whose first row is the header.
    public var title: String?
    public var header: [String]
    /// Column widths in characters.
    public var widths: [Double]
    public var landscape: Bool

    public init(sheetName: String, title: String? = nil, header: [String], widths: [Double]? = nil, landscape: Bool = false) {
        self.sheetName = sheetName
        self.title = title
        self.header = header
        self.widths = widths ?? header.map { Self.width(of: $0) }
        self.landscape = landscape
    }

    /// A column's width for its text: a Chinese character is two latin widths, with a margin, 8…60.
    public static func width(of text: String) -> Double {
        let units = text.unicodeScalars.reduce(0.0) { $0 + ($1.value > 0x2E80 ? 2.0 : 1.1) }
        return min(60, max(8, units + 2))
    }

    /// Widths fitting the header and the sample rows given.
    public func fitting(_ sample: [[SheetCell]]) -> SheetLayout {
        var out = self
        for row in sample {
            for (i, cell) in row.enumerated() where i < out.widths.count { out.widths[i] = max(out.widths[i], Self.width(of: cell.csvText)) }
        }
        return out
    }
}

/// A finished export on disk: streamed to the client, then removed.
public struct ExportFile: Sendable {
    public let url: URL
    public let bytes: Int
    /// What the download is called (Chinese: `六安市2026年创先争优统计.xlsx`).
    public let fileName: String
    public let format: SheetFormat
    /// Rows under the header.
    public let rows: Int

    /// Puts the file where the operator asked (`vanguard export --output`), replacing what was there.
    public func move(to target: URL) throws {
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.moveItem(at: url, to: target)
    }

    /// The file read whole (for small files and tests); it is removed.
    public func data() throws -> Data {
        defer { try? FileManager.default.removeItem(at: url) }
        return try Data(contentsOf: url)
    }
}

/// An export being written: rows go straight to a temporary file (XLSX or CSV) as they come, so a city
/// is exported in the memory of one buffer. `finish` hands back the file to stream to the client.
public final class SheetOutput: @unchecked Sendable {  // used by one task at a time: the one writing the rows
    public let format: SheetFormat
    public let url: URL
    private let handle: FileHandle
    private var xlsx: XLSXWriter?
    private var csv: [UInt8] = []
    private var finished = false
    public private(set) var rows = 0

    public init(format: SheetFormat, layout: SheetLayout) throws {
        self.format = format
        url = FileManager.default.temporaryDirectory.appendingPathComponent("vanguard-export-\(UUID().uuidString).\(format.rawValue)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        handle = try FileHandle(forWritingTo: url)
        switch format {
        case .xlsx: xlsx = try XLSXWriter(to: handle, layout: layout)
        case .csv:
            csv = [0xEF, 0xBB, 0xBF]  // a BOM, so Excel reads the UTF-8
            appendCSV(layout.header)
        }
    }

    public func append(_ cells: [SheetCell]) throws {
        rows += 1
        if let xlsx { return try xlsx.append(cells) }
        appendCSV(cells.map(\.csvText))
        if csv.count >= 1 << 20 {
            try handle.write(contentsOf: csv)
            csv.removeAll(keepingCapacity: true)
        }
    }

    /// Completes the file; its size in bytes.
    public func finish() throws -> Int {
        if let xlsx { try xlsx.finish() } else { try handle.write(contentsOf: csv) }
        csv = []
        finished = true
        let size = try handle.offset()
        try handle.close()
        return Int(size)
    }

    /// Completes the file as a download called `name` (without its extension).
    public func finish(name: String) throws -> ExportFile {
        let bytes = try finish()
        return ExportFile(url: url, bytes: bytes, fileName: name + "." + format.rawValue, format: format, rows: rows)
    }

    /// The whole file in memory (small sheets: templates, tests); the temporary file is removed.
    public func data() throws -> Data {
        if !finished { _ = try finish() }
        defer { try? FileManager.default.removeItem(at: url) }
        return try Data(contentsOf: url)
    }

    private func appendCSV(_ fields: [String]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { csv.append(UInt8(ascii: ",")) }
            csv += Array(CSVTable.quote(f).utf8)
        }
        csv += [0x0d, 0x0a]
    }

    deinit {
        if !finished {
            try? handle.close()
            try? FileManager.default.removeItem(at: url)
        }
    }
}
