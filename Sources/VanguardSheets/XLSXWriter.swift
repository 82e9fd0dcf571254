import Foundation

/// Writes one sheet as an XLSX file that Excel, WPS and LibreOffice open as an office expects it: a
/// title row merged across, a bold header frozen under it (and repeated on every printed page), column
/// widths, numbers as numbers (rates as percentages), A4 with page numbers. Rows are streamed into the
/// ZIP as they come, so a sheet of half a million rows costs one buffer of memory.
final class XLSXWriter {
    private let zip: ZIPStreamWriter
    private let columns: Int
    private var columnNames: [[UInt8]]
    private var rowNumber = 0
    private var buffer: [UInt8] = []

    /// Cell styles (`styles.xml`'s cellXfs, in order).
    enum Style: Int { case plain = 0, header, title, count, percent, number }

    init(to handle: FileHandle, layout: SheetLayout) throws {
        zip = ZIPStreamWriter(writingTo: handle)
        columns = max(1, layout.header.count)
        columnNames = (0..<max(1, layout.header.count)).map { Array(Self.columnName($0).utf8) }
        let headerRow = layout.title == nil ? 1 : 2
        for (name, text) in Self.fixedParts(layout, headerRow: headerRow) {
            try zip.begin(name)
            try zip.write(Array(text.utf8))
            try zip.end()
        }
        try zip.begin("xl/worksheets/sheet1.xml")
        let last = Self.columnName(columns - 1)
        var head = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
            <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>\
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="\(headerRow)" topLeftCell="A\(headerRow + 1)" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\
            <sheetFormatPr defaultRowHeight="16"/><cols>
            """
        for (i, w) in layout.widths.prefix(columns).enumerated() {
            head += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(String(format: "%.1f", w))\" customWidth=\"1\"/>"
        }
        head += "</cols><sheetData>"
        try zip.write(Array(head.utf8))
        if let title = layout.title {
            rowNumber += 1
            buffer += Array("<row r=\"1\" ht=\"24\" customHeight=\"1\">".utf8)
            appendCell(0, .text(title), style: .title)
            buffer += Array("</row>".utf8)
        }
        try append(layout.header.map(SheetCell.text), style: .header)
        tail =
            (layout.title == nil ? "" : "<mergeCells count=\"1\"><mergeCell ref=\"A1:\(last)1\"/></mergeCells>")
            + "<pageMargins left=\"0.4\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"\(layout.landscape ? "landscape" : "portrait")\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
            + "<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter></worksheet>"
    }

    private var tail = ""

    /// One row of cells under the header.
    func append(_ cells: [SheetCell]) throws { try append(cells, style: nil) }

    // The bytes every row and cell repeats, made once (a city's ledger writes ten million cells).
    private static let rowOpen = Array("<row r=\"".utf8), rowClose = Array("</row>".utf8), tagEnd = Array("\">".utf8)
    private static let cellOpen = Array("<c r=\"".utf8), quote = Array("\"".utf8)
    private static let styles = (0...5).map { Array(" s=\"\($0)\"".utf8) }
    private static let inline = Array(" t=\"inlineStr\"><is><t>".utf8), inlinePreserve = Array(" t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
    private static let inlineClose = Array("</t></is></c>".utf8), valueOpen = Array("><v>".utf8), valueClose = Array("</v></c>".utf8)

    private func append(_ cells: [SheetCell], style: Style?) throws {
        rowNumber += 1
        buffer += Self.rowOpen
        Self.appendDigits(rowNumber, to: &buffer)
        buffer += Self.tagEnd
        for (i, cell) in cells.prefix(columns).enumerated() { appendCell(i, cell, style: style) }
        buffer += Self.rowClose
        if buffer.count >= 1 << 16 {
            try zip.write(buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Closes the sheet and the archive.
    func finish() throws {
        buffer += Array(("</sheetData>" + tail).utf8)
        try zip.write(buffer)
        buffer = []
        try zip.finish()
    }

    private func appendCell(_ column: Int, _ cell: SheetCell, style: Style?) {
        func open(_ s: Style) {
            buffer += Self.cellOpen
            buffer += columnNames[column]
            Self.appendDigits(rowNumber, to: &buffer)
            buffer += Self.quote
            if s != .plain { buffer += Self.styles[s.rawValue] }
        }
        switch cell {
        case .text(let s):
            guard !s.isEmpty else { return }
            open(style ?? .plain)
            // XML keeps a text's leading and trailing blanks only when told to.
            let utf8 = s.utf8
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0a || $0 == 0x0d }
            buffer += blank(utf8.first!) || blank(utf8.last!) ? Self.inlinePreserve : Self.inline
            Self.escape(s, into: &buffer)
            buffer += Self.inlineClose
        case .integer(let n), .count(let n):
            if case .count = cell { open(style ?? .count) } else { open(style ?? .plain) }
            buffer += Self.valueOpen
            Self.appendDigits(n, to: &buffer)
            buffer += Self.valueClose
        case .number(let d):
            guard d.isFinite else { return }
            open(style ?? .number)
            buffer += Self.valueOpen
            buffer += Array("\(d)".utf8)
            buffer += Self.valueClose
        case .percent(let r):
            guard let r, r.isFinite else { return }
            open(style ?? .percent)
            buffer += Self.valueOpen
            buffer += Array("\(r)".utf8)
            buffer += Self.valueClose
        }
    }

    /// A whole number's decimal digits, without making a String.
    static func appendDigits(_ n: Int, to out: inout [UInt8]) {
        if n < 0 { out.append(UInt8(ascii: "-")) }
        var m = n.magnitude
        var digits:
            (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            repeat {
                d[count] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
                count += 1
            } while m > 0
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    static func fixedParts(_ layout: SheetLayout, headerRow: Int) -> [(String, String)] {
        let sheet = escape(String(layout.sheetName.prefix(31)))
        return [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
                </Types>
                """
            ),
            (
                "_rels/.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>
                """
            ),
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets><sheet name="\(sheet)" sheetId="1" r:id="rId1"/></sheets>\
                <definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">'\(sheet.replacingOccurrences(of: "'", with: "''"))'!$1:$\(headerRow)</definedName></definedNames>\
                </workbook>
                """
            ),
            (
                "xl/_rels/workbook.xml.rels",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
                </Relationships>
                """
            ),
            (
                "xl/styles.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
                <numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>\
                <fonts count="3"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font><font><b/><sz val="14"/><name val="等线"/></font></fonts>\
                <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
                <fill><patternFill patternType="solid"><fgColor rgb="FFF2EEE8"/><bgColor indexed="64"/></patternFill></fill></fills>\
                <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
                <border><left style="thin"><color rgb="FFBFBFBF"/></left><right style="thin"><color rgb="FFBFBFBF"/></right><top style="thin"><color rgb="FFBFBFBF"/></top><bottom style="thin"><color rgb="FFBFBFBF"/></bottom><diagonal/></border></borders>\
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
                <cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
                <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>\
                <xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>\
                <xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>\
                <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
                </styleSheet>
                """
            ),
        ]
    }

    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var out = ""
        while n > 0 {
            let r = (n - 1) % 26
            out = String(UnicodeScalar(UInt8(65 + r))) + out
            n = (n - 1) / 26
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out: [UInt8] = []
        escape(s, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// XML text: the five special characters escaped, and the control characters XML 1.0 forbids
    /// dropped rather than written into a broken file. Text needing neither is copied whole.
    static func escape(_ s: String, into out: inout [UInt8]) {
        let special: (UInt8) -> Bool = { $0 == 0x26 || $0 == 0x3c || $0 == 0x3e || $0 == 0x22 || ($0 < 0x20 && $0 != 0x09 && $0 != 0x0a && $0 != 0x0d) }
        guard s.utf8.contains(where: special) else { return out.append(contentsOf: s.utf8) }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "&"): out += [0x26, 0x61, 0x6d, 0x70, 0x3b]  // &amp;
            case UInt8(ascii: "<"): out += [0x26, 0x6c, 0x74, 0x3b]  // &lt;
            case UInt8(ascii: ">"): out += [0x26, 0x67, 0x74, 0x3b]  // &gt;
            case UInt8(ascii: "\""): out += [0x26, 0x71, 0x75, 0x6f, 0x74, 0x3b]  // &quot;
            case 0x09, 0x0a, 0x0d: out.append(b)
            case _ where b < 0x20: continue
            default: out.append(b)
            }
        }
    }
}
