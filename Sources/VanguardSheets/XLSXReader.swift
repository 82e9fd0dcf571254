import Foundation
import VanguardCore

/// Reads the first worksheet of an XLSX file (Office Open XML SpreadsheetML) into rows of text.
/// Handles shared strings, inline strings, rich text runs and the numbers Excel stores for dates.
///
/// The file is hostile until read: each part is inflated in chunks straight into `XMLScanner`, the
/// inflated bytes are counted against `SheetLimits.decompressedBytes` as they come, row and column
/// numbers are parsed with checked arithmetic and bounded by Excel's own limits, and the rows held
/// are counted by `RowCollector`. Nothing is trusted from the archive's headers.
public enum XLSXReader {
    static func notASpreadsheet() -> VanguardError {
        VanguardError(.unsupportedMediaType, .init("文件不是有效的 XLSX 电子表格", "The file is not a valid XLSX spreadsheet"), field: "file")
    }

    public static func read(_ data: Data, limits: SheetLimits = .standard) throws -> [[String]] {
        guard data.count <= limits.fileBytes else { throw limits.fileTooLarge }
        let archive = try ZIPReader([UInt8](data))
        var budget = limits.decompressedBytes

        /// Inflates one part into a scanner; false when the part is not in the archive.
        func scan<H: XMLEventHandler>(_ path: String, into scanner: inout XMLScanner<H>) throws -> Bool {
            guard let entry = archive.entries[path] else { return false }
            guard entry.uncompressedSize <= budget else { throw limits.inflatesTooMuch }
            try archive.extract(entry) { chunk in
                // The header's size may lie: the inflated bytes are what is counted.
                guard chunk.count <= budget else { throw limits.inflatesTooMuch }
                budget -= chunk.count
                try scanner.feed(chunk)
            }
            try scanner.finish()
            return true
        }

        // The first sheet of the workbook, by its relationship; sheet1.xml when that chain is missing.
        var sheetPath = "xl/worksheets/sheet1.xml"
        var workbook = XMLScanner(handler: WorkbookHandler(), maxTextBytes: 0)
        var relationships = XMLScanner(handler: RelationshipsHandler(), maxTextBytes: 0)
        if try scan("xl/workbook.xml", into: &workbook), try scan("xl/_rels/workbook.xml.rels", into: &relationships),
            let id = workbook.handler.firstSheetRelationship, let target = relationships.handler.targets[id]
        {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        var shared = XMLScanner(handler: SharedStringsHandler(limits: limits), maxTextBytes: limits.cellBytes)
        _ = try scan("xl/sharedStrings.xml", into: &shared)
        var sheet = XMLScanner(handler: SheetHandler(limits: limits, shared: shared.handler.strings), maxTextBytes: limits.cellBytes)
        guard try scan(sheetPath, into: &sheet) else { throw notASpreadsheet() }
        return sheet.handler.collector.rows
    }

    /// `B7` → 1: the zero-based column of a cell reference; nil past `maxColumns` or without letters.
    static func columnIndex(_ ref: String, maxColumns: Int = SheetLimits.standard.columns) -> Int? {
        var n = 0
        var letters = 0
        for ch in ref.utf8 {
            let upper = ch & ~0x20
            guard upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") else { break }
            letters += 1
            // Three letters reach XFD = 16,384; a fourth can only overflow the limit, never Int.
            guard letters <= 3 else { return nil }
            n = n * 26 + Int(upper - 64)
        }
        guard letters > 0, n <= maxColumns else { return nil }
        return n - 1
    }

    /// A row number: 1…`maxRows` in plain digits, else nil.
    static func rowNumber(_ text: String, maxRows: Int = SheetLimits.standard.rows) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let n = Int(text), n >= 1, n <= maxRows
        else { return nil }
        return n
    }

    /// "13800138000.0" or "1.3800138E10" → "13800138000": numbers typed into text columns.
    static func normalizeNumber(_ raw: String) -> String {
        guard raw.contains(".") || raw.contains("E"), let d = Double(raw), d == d.rounded(), abs(d) < 1e15 else { return raw }
        return String(Int64(d))
    }
}

/// `xl/workbook.xml`: the relationship id of the first `<sheet>`.
struct WorkbookHandler: XMLEventHandler {
    var firstSheetRelationship: String?
    var wantsText: Bool { false }
    mutating func start(_ name: String, _ attributes: [(name: String, value: String)]) throws {
        guard name == "sheet", firstSheetRelationship == nil else { return }
        // `r:id`, whatever prefix the producer bound to the relationships namespace.
        firstSheetRelationship = attributes.first { $0.name.hasSuffix(":id") }?.value
    }
    mutating func end(_ name: String) throws {}
    mutating func text(_ bytes: ArraySlice<UInt8>) throws {}
}

/// `xl/_rels/workbook.xml.rels`: relationship id → target part.
struct RelationshipsHandler: XMLEventHandler {
    var targets: [String: String] = [:]
    var wantsText: Bool { false }
    mutating func start(_ name: String, _ attributes: [(name: String, value: String)]) throws {
        guard name == "Relationship", targets.count < 10_000 else { return }
        if let id = attributes.first(where: { $0.name == "Id" })?.value, let target = attributes.first(where: { $0.name == "Target" })?.value {
            targets[id] = target
        }
    }
    mutating func end(_ name: String) throws {}
    mutating func text(_ bytes: ArraySlice<UInt8>) throws {}
}

/// `xl/sharedStrings.xml`: each `<si>`'s text, the runs joined, phonetic guides (`<rPh>`) left out.
struct SharedStringsHandler: XMLEventHandler {
    let limits: SheetLimits
    var strings: [String] = []
    private var current: [UInt8] = []
    private var inItem = false
    private var inText = false
    private var phonetic = 0

    init(limits: SheetLimits) { self.limits = limits }

    var wantsText: Bool { inText && phonetic == 0 }

    mutating func start(_ name: String, _ attributes: [(name: String, value: String)]) throws {
        switch name {
        case "si":
            inItem = true
            current.removeAll(keepingCapacity: true)
        case "t": inText = inItem
        case "rPh": phonetic += 1
        default: break
        }
    }

    mutating func end(_ name: String) throws {
        switch name {
        case "si":
            // Shared strings cost memory like cells do.
            guard strings.count < limits.cells else { throw limits.tooManyCells }
            strings.append(String(decoding: current, as: UTF8.self))
            inItem = false
        case "t": inText = false
        case "rPh": phonetic = max(0, phonetic - 1)
        default: break
        }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) throws {
        guard current.count + bytes.count <= limits.cellBytes else { throw limits.cellTooLong }
        current.append(contentsOf: bytes)
    }
}

/// A worksheet's `<sheetData>`: rows of cells, placed by their references, held one row at a time
/// until the row is complete.
struct SheetHandler: XMLEventHandler {
    let limits: SheetLimits
    let shared: [String]
    var collector: RowCollector

    private var inData = false
    private var row: [String] = []
    private var inRow = false
    private var rowNumber = 0
    private var cell: (column: Int, type: String?)? = nil
    private var value: [UInt8] = []
    private var capture = false
    private var inInline = false
    private var phonetic = 0

    init(limits: SheetLimits, shared: [String]) {
        self.limits = limits
        self.shared = shared
        self.collector = RowCollector(limits: limits)
    }

    var wantsText: Bool { capture && phonetic == 0 }

    static func bad(_ zh: String, _ en: String) -> VanguardError {
        VanguardError(.unsupportedMediaType, .init("文件不是有效的 XLSX 电子表格：\(zh)", "The file is not a valid XLSX spreadsheet: \(en)"), field: "file")
    }

    mutating func start(_ name: String, _ attributes: [(name: String, value: String)]) throws {
        switch name {
        case "sheetData": inData = true
        case "row" where inData:
            let number: Int
            if let r = attributes.first(where: { $0.name == "r" })?.value {
                guard let n = XLSXReader.rowNumber(r, maxRows: limits.rows) else {
                    throw r.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) && !r.isEmpty ? limits.tooManyRows : Self.bad("行号“\(r.prefix(20))”无效", "bad row number \"\(r.prefix(20))\"")
                }
                number = n
            } else {
                number = rowNumber + 1
            }
            guard number > rowNumber else { throw Self.bad("行号\(number)重复或倒序", "row \(number) repeats or goes backwards") }
            try collector.pad(toRows: number - 1)
            rowNumber = number
            row = []
            inRow = true
        case "c" where inRow:
            var column = row.count
            var type: String? = nil
            for a in attributes {
                if a.name == "r" {
                    guard let c = XLSXReader.columnIndex(a.value, maxColumns: limits.columns) else {
                        throw a.value.utf8.first.map({ ($0 & ~0x20) >= 65 && ($0 & ~0x20) <= 90 }) == true
                            ? limits.tooManyColumns : Self.bad("单元格引用“\(a.value.prefix(20))”无效", "bad cell reference \"\(a.value.prefix(20))\"")
                    }
                    column = c
                } else if a.name == "t" {
                    type = a.value
                }
            }
            guard column >= row.count else { throw Self.bad("第\(rowNumber)行的单元格重复或倒序", "cells of row \(rowNumber) repeat or go backwards") }
            cell = (column, type)
            value.removeAll(keepingCapacity: true)
        case "v" where cell != nil: capture = true
        case "is" where cell != nil: inInline = true
        case "t" where inInline: capture = true
        case "rPh": phonetic += 1
        default: break
        }
    }

    mutating func end(_ name: String) throws {
        switch name {
        case "sheetData": inData = false
        case "v", "t": capture = false
        case "is": inInline = false
        case "rPh": phonetic = max(0, phonetic - 1)
        case "c":
            guard let (column, type) = cell else { return }
            cell = nil
            let raw = String(decoding: value, as: UTF8.self)
            let text: String
            switch type {
            case "s": text = Int(raw).flatMap { $0 >= 0 && $0 < shared.count ? shared[$0] : nil } ?? ""
            case "inlineStr": text = raw
            case "b": text = raw == "1" ? "是" : "否"
            case "str", "e": text = raw
            default: text = XLSXReader.normalizeNumber(raw)
            }
            // Empty cells are not padded for: only a value makes the row reach its column.
            guard !text.isEmpty else { return }
            try collector.spend(column - row.count + 1)
            while row.count < column { row.append("") }
            row.append(text)
        case "row":
            guard inRow else { return }
            inRow = false
            try collector.appendCounted(row)
            row = []
        default: break
        }
    }

    mutating func text(_ bytes: ArraySlice<UInt8>) throws {
        guard value.count + bytes.count <= limits.cellBytes else { throw limits.cellTooLong }
        value.append(contentsOf: bytes)
    }
}
