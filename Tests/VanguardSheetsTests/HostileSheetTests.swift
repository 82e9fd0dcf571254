import Foundation
import Testing
import VanguardCore

@testable import VanguardSheets

/// The trust review's hostile spreadsheets (issue 11, findings 1 and 2): each once killed the server
/// or took gigabytes; each must now end in a clear 4xx, quickly, within the limits.
@Suite("恶意电子表格")
struct HostileSheetTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/hostile")

    static func fixture(_ name: String) throws -> Data { try Data(contentsOf: fixtures.appendingPathComponent(name)) }

    func refusal(_ data: Data, limits: SheetLimits = .standard) -> VanguardError? {
        do {
            _ = try SheetFile.rows(from: data, limits: limits)
            return nil
        } catch let error as VanguardError {
            return error
        } catch {
            Issue.record("not a VanguardError: \(error)")
            return nil
        }
    }

    @Test("超长列引用不再使整数溢出，而是说明列数超限")
    func columnOverflow() throws {
        let error = try #require(refusal(try Self.fixture("column-overflow.xlsx")))
        #expect(error.kind == .payloadTooLarge)
        #expect(error.message.zh.contains("16384列"))
    }

    @Test("负数和极大的行号被拒绝，不会分配数十亿行")
    func rowNumbers() throws {
        #expect(refusal(try Self.fixture("row-int-min.xlsx"))?.kind == .unsupportedMediaType)
        let far = try #require(refusal(try Self.fixture("row-far.xlsx")))
        #expect(far.kind == .payloadTooLarge && far.message.zh.contains("1048576行"))
        #expect(refusal(try Self.fixture("rows-backwards.xlsx"))?.message.zh.contains("倒序") == true)
    }

    @Test("解压炸弹在解压途中即被拒绝，无论压缩包头如何声明大小")
    func zipBombs() throws {
        let honest = try #require(refusal(try Self.fixture("zip-bomb.xlsx")))
        #expect(honest.kind == .payloadTooLarge && honest.message.zh.contains("解压后超过100MB"))
        // The lying one claims 1,000 bytes: whether the archive notices the lie or we count past the
        // limit, it ends in a refusal, not in 128 MB held.
        #expect(refusal(try Self.fixture("zip-bomb-lying.xlsx")) != nil)
        // A smaller limit proves the count happens while inflating, chunk by chunk.
        var tight = SheetLimits.standard
        tight.decompressedBytes = 1024 * 1024
        #expect(refusal(try Self.fixture("zip-bomb.xlsx"), limits: tight)?.message.zh.contains("解压后超过1MB") == true)
    }

    @Test("稀疏单元格与满屏逗号都受单元格总数限制")
    func cellBudget() throws {
        let sparse = try #require(refusal(try Self.fixture("sparse-cells.xlsx")))
        #expect(sparse.kind == .payloadTooLarge && sparse.message.zh.contains("单元格超过"))
        // One row of commas stops at Excel's 16,384 columns; rows of them at the cell budget.
        let commas = Data(repeating: UInt8(ascii: ","), count: SheetLimits.standard.fileBytes - 1)
        #expect(refusal(commas)?.message.zh.contains("16384列") == true)
        let line = String(repeating: ",", count: 9_999) + "\n"
        let lines = Data(String(repeating: line, count: 1_000).utf8)
        #expect(refusal(lines)?.message.zh.contains("单元格超过") == true)
        let tabs =
            Data([0xFF, 0xFE])
            + Data(String(repeating: String(repeating: "\t", count: 9_999) + "\r\n", count: 900).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(refusal(tabs)?.message.zh.contains("单元格超过") == true)
    }

    @Test("截断的压缩流被拒绝，而不是让线程永远空转")
    func truncatedDeflate() throws {
        // Found by the fuzz target: ZIPFoundation's inflate loop never ended on this file.
        #expect(refusal(try Self.fixture("truncated-deflate.xlsx"))?.message.zh.contains("压缩包已损坏") == true)
        var bytes = [UInt8](try SheetFile.write([["a"]], as: .xlsx, sheetName: "s"))
        // a flipped byte in the sheet's deflated data: a wrong checksum or a broken stream
        let name = Array("xl/worksheets/sheet1.xml".utf8)
        let at = try #require((0..<(bytes.count - name.count)).first { Array(bytes[$0..<$0 + name.count]) == name })
        bytes[at + name.count + 3] ^= 0xFF
        #expect(refusal(Data(bytes))?.kind == .unsupportedMediaType)
    }

    @Test("空字符（U+0000）不进任何单元格：CSV 中（前 4 KB 之后、UTF-16 里）与 XLSX 的 &#0; 都被拒绝")
    func nulCharacters() throws {
        let late = "党员编号,姓名\n" + String(repeating: "M1,张三\n", count: 800) + "M2,李\u{0}四\n"
        #expect(refusal(Data(late.utf8))?.message.zh.contains("U+0000") == true)
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("编号\t姓名\nM1\t张\u{0}三\n".data(using: .utf16LittleEndian)!)
        #expect(refusal(utf16)?.message.zh.contains("U+0000") == true)
        #expect(throws: (any Error).self) { _ = try XMLScanner<WorkbookHandler>.decodeEntities(Array("a&#0;b".utf8)[...]) }
        #expect(try XMLScanner<WorkbookHandler>.decodeEntities(Array("a&#x41;b".utf8)[...]) == Array("aAb".utf8))
    }

    @Test("带 DTD 的 XML（实体炸弹）被拒绝")
    func entityBomb() throws {
        #expect(refusal(try Self.fixture("entity-bomb.xlsx"))?.kind == .unsupportedMediaType)
    }

    @Test("越界的共享字符串序号读作空单元格")
    func sharedIndex() throws {
        #expect(try SheetFile.rows(from: try Self.fixture("bad-shared-index.xlsx")) == [[]])
    }

    @Test("列引用与行号按 Excel 的上限解析")
    func references() {
        #expect(XLSXReader.columnIndex("A1") == 0)
        #expect(XLSXReader.columnIndex("xfd7") == 16383)
        #expect(XLSXReader.columnIndex("XFE1") == nil)
        #expect(XLSXReader.columnIndex("ZZZZZZZZZZZZZZZZZZZZ1") == nil)
        #expect(XLSXReader.columnIndex("17") == nil)
        #expect(XLSXReader.rowNumber("1048576") == 1_048_576)
        #expect(XLSXReader.rowNumber("1048577") == nil)
        #expect(XLSXReader.rowNumber("-1") == nil)
        #expect(XLSXReader.rowNumber("+5") == nil)
    }

    @Test("写出的 XLSX 能原样读回：共享字符串、注释、CDATA、实体和富文本")
    func roundTrip() throws {
        let rows = [["组织编码", "名称 & <备注>", ""], ["V1", "第一党支部", "13800138000"], [], ["", "", "末列"]]
        let data = try SheetFile.write(rows, as: .xlsx, sheetName: "导入")
        let read = try SheetFile.rows(from: data)
        #expect(read.count == 4)
        #expect(read[0].prefix(2) == ["组织编码", "名称 & <备注>"])
        #expect(read[1] == ["V1", "第一党支部", "13800138000"])
        #expect(read[3] == ["", "", "末列"])
        var scanner = XMLScanner(handler: SharedStringsHandler(limits: .standard), maxTextBytes: 1000)
        try scanner.feed(
            Array(
                "<?xml version=\"1.0\"?><!-- a > b --><sst><si><r><t>先</t></r><r><t xml:space=\"preserve\"> 锋</t></r><rPh><t>xianfeng</t></rPh></si><si><t><![CDATA[a<b]]></t></si><si><t>&#x5148;&#20808;&amp;</t></si></sst>"
                    .utf8))
        try scanner.finish()
        #expect(scanner.handler.strings == ["先 锋", "a<b", "先先&"])
    }
}
