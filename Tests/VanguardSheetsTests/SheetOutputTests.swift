import Foundation
import Testing
import VanguardCore

@testable import VanguardSheets

/// What an office expects of an exported sheet: a title, a frozen bold header, widths, numbers as
/// numbers and rates as percentages, A4 with page numbers — written as rows come.
@Suite("导出的电子表格")
struct SheetOutputTests {
    /// The sheet's XML and the workbook's, read back with our own ZIP reader.
    static func parts(_ data: Data) throws -> (sheet: String, workbook: String) {
        let zip = try ZIPReader([UInt8](data))
        func text(_ name: String) throws -> String {
            var out: [UInt8] = []
            try zip.extract(try #require(zip.entries[name])) { out += $0 }
            return String(decoding: out, as: UTF8.self)
        }
        return (try text("xl/worksheets/sheet1.xml"), try text("xl/workbook.xml"))
    }

    @Test("标题行合并居中、表头冻结并在每页重复、数字是数字、比率是百分数、A4 横向带页码，且能原样读回")
    func officeLayout() throws {
        let layout = SheetLayout(
            sheetName: "2026年创先争优统计", title: "中共六安市委员会 2026年创先争优统计（编制日期：2026-12-03）",
            header: ["单位", "党员数", "党员兑现率"], landscape: true)
        let out = try SheetOutput(format: .xlsx, layout: layout)
        try out.append([.text("金安区"), .count(11_785), .percent(0.964)])
        try out.append([.text("合计：中共六安市委员会"), .count(114_000), .percent(nil)])
        try out.append([.text("年度"), .integer(2026), .percent(1)])
        let data = try out.data()
        let (sheet, workbook) = try Self.parts(data)
        #expect(sheet.contains("<mergeCell ref=\"A1:C1\"/>") && sheet.contains("state=\"frozen\"") && sheet.contains("ySplit=\"2\""))
        #expect(sheet.contains("<c r=\"B3\" s=\"3\"><v>11785</v></c>") && sheet.contains("<c r=\"C3\" s=\"4\"><v>0.964</v></c>"))
        // a year is a whole number but no quantity: no thousands separator
        #expect(sheet.contains("<c r=\"B5\"><v>2026</v></c>"))
        #expect(sheet.contains("paperSize=\"9\" orientation=\"landscape\"") && sheet.contains("&amp;P") && sheet.contains("<col min=\"1\""))
        #expect(workbook.contains("_xlnm.Print_Titles") && workbook.contains("$1:$2"))
        // and our reader (the import) reads the cells back
        let rows = try SheetFile.rows(from: data)
        #expect(rows[1] == ["单位", "党员数", "党员兑现率"] && rows[2] == ["金安区", "11785", "0.964"])
        // the temporary file is gone
        #expect(!FileManager.default.fileExists(atPath: out.url.path))
    }

    @Test("CSV 带 BOM，百分数写作 96.4%，没有标题行（可再导入）")
    func csv() throws {
        let out = try SheetOutput(format: .csv, layout: SheetLayout(sheetName: "s", title: "标题", header: ["单位", "率"]))
        try out.append([.text("=甲"), .percent(0.964)])
        let text = String(decoding: try out.data(), as: UTF8.self)
        #expect(text == "\u{FEFF}单位,率\r\n'=甲,96.4%\r\n")
    }

    @Test("二十万行流式写出：文件完整可读，行数不差")
    func manyRows() throws {
        let out = try SheetOutput(format: .xlsx, layout: SheetLayout(sheetName: "台账", title: "台账", header: ["编号", "事项"]))
        for i in 0..<200_000 { try out.append([.integer(i), .text("第\(i)件事项：走访困难群众")]) }
        let data = try out.data()
        let rows = try SheetFile.rows(from: data, limits: SheetLimits(fileBytes: 64 << 20, decompressedBytes: 256 << 20))
        #expect(rows.count == 200_002 && rows.last == ["199999", "第199999件事项：走访困难群众"])
    }
}
