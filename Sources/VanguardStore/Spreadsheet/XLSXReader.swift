import Foundation
import VanguardCore
import XMLCoder
import ZIPFoundation

/// Reads the first worksheet of an XLSX file (Office Open XML SpreadsheetML) into rows of text.
/// Handles shared strings, inline strings, rich text runs and the numbers Excel stores for dates.
public enum XLSXReader {
    struct Workbook: Decodable {
        struct Sheets: Decodable { let sheet: [Sheet] }
        struct Sheet: Decodable {
            let name: String
            let id: String?
            enum CodingKeys: String, CodingKey { case name, id = "r:id" }
        }
        let sheets: Sheets
    }
    struct Relationships: Decodable {
        struct Relationship: Decodable { let Id: String; let Target: String }
        let Relationship: [Relationship]
    }
    struct Text: Decodable {
        let value: String?
        enum CodingKeys: String, CodingKey { case value = "" }
    }
    struct RichText: Decodable {
        let t: Text?
        let r: [Run]?
        struct Run: Decodable { let t: Text? }
        var string: String { t?.value ?? (r ?? []).map { $0.t?.value ?? "" }.joined() }
    }
    struct SharedStrings: Decodable { let si: [RichText]? }
    struct Worksheet: Decodable {
        struct SheetData: Decodable { let row: [Row]? }
        struct Row: Decodable { let r: Int?; let c: [Cell]? }
        struct Cell: Decodable {
            let r: String?
            let t: String?
            let v: Text?
            let `is`: RichText?
        }
        let sheetData: SheetData
    }

    static func notASpreadsheet() -> VanguardError {
        VanguardError(.unsupportedMediaType, .init("文件不是有效的 XLSX 电子表格", "The file is not a valid XLSX spreadsheet"))
    }

    public static func read(_ data: Data) throws -> [[String]] {
        guard let archive = try? Archive(data: data, accessMode: .read, pathEncoding: nil) else { throw notASpreadsheet() }
        func entry(_ path: String) throws -> Data? {
            guard let e = archive[path] else { return nil }
            var out = Data()
            _ = try archive.extract(e, consumer: { out.append($0) })
            return out
        }
        let decoder = XMLDecoder()
        decoder.shouldProcessNamespaces = false
        decoder.trimValueWhitespaces = false
        var sheetPath = "xl/worksheets/sheet1.xml"
        if let wb = try entry("xl/workbook.xml"), let rels = try entry("xl/_rels/workbook.xml.rels"),
            let workbook = try? decoder.decode(Workbook.self, from: wb),
            let relationships = try? decoder.decode(Relationships.self, from: rels),
            let first = workbook.sheets.sheet.first, let rid = first.id,
            let target = relationships.Relationship.first(where: { $0.Id == rid })?.Target
        {
            sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        guard let sheetData = try entry(sheetPath) else { throw notASpreadsheet() }
        var shared: [String] = []
        if let ss = try entry("xl/sharedStrings.xml") {
            guard let strings = try? decoder.decode(SharedStrings.self, from: ss) else { throw notASpreadsheet() }
            shared = (strings.si ?? []).map(\.string)
        }
        let sheet: Worksheet
        do { sheet = try decoder.decode(Worksheet.self, from: sheetData) } catch { throw notASpreadsheet() }
        var rows: [[String]] = []
        for (index, row) in (sheet.sheetData.row ?? []).enumerated() {
            let rowNumber = row.r ?? index + 1
            while rows.count < rowNumber - 1 { rows.append([]) }
            var fields: [String] = []
            for (ci, cell) in (row.c ?? []).enumerated() {
                let column = cell.r.map(columnIndex) ?? ci
                while fields.count < column { fields.append("") }
                let raw = cell.v?.value ?? ""
                let value: String
                switch cell.t {
                case "s": value = Int(raw).flatMap { $0 < shared.count ? shared[$0] : nil } ?? ""
                case "inlineStr": value = cell.is?.string ?? ""
                case "b": value = raw == "1" ? "是" : "否"
                default: value = normalizeNumber(raw)
                }
                fields.append(value)
            }
            rows.append(fields)
        }
        return rows
    }

    /// `B7` → 1: the zero-based column of a cell reference.
    static func columnIndex(_ ref: String) -> Int {
        var n = 0
        for ch in ref.uppercased().unicodeScalars {
            guard ch.value >= 65 && ch.value <= 90 else { break }
            n = n * 26 + Int(ch.value - 64)
        }
        return max(0, n - 1)
    }

    /// "13800138000.0" or "1.3800138E10" → "13800138000": numbers typed into text columns.
    static func normalizeNumber(_ raw: String) -> String {
        guard raw.contains(".") || raw.contains("E"), let d = Double(raw), d == d.rounded(), abs(d) < 1e15 else { return raw }
        return String(Int64(d))
    }
}
