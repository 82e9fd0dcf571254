import Foundation
import VanguardCore

/// A spreadsheet file format we read and write.
public enum SheetFormat: String, Sendable, CaseIterable {
    case csv, xlsx

    public var contentType: String {
        self == .csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }
}

/// Reads an uploaded file as rows, whatever the clerk sent: XLSX by its ZIP signature, otherwise
/// text CSV in any of the encodings `TextDecoding` knows. Anything else is refused with a reason,
/// and every reader stays within `SheetLimits`.
public enum SheetFile {
    public static let maximumBytes = SheetLimits.standard.fileBytes

    public static func rows(from data: Data, limits: SheetLimits = .standard) throws -> [[String]] {
        guard !data.isEmpty else {
            throw VanguardError.invalid("文件是空的", "The file is empty", field: "file")
        }
        guard data.count <= limits.fileBytes else { throw limits.fileTooLarge }
        let head = [UInt8](data.prefix(8))
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return try XLSXReader.read(data, limits: limits) }
        if head.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            throw VanguardError(.unsupportedMediaType, .init("不支持旧版 XLS 格式，请在 Excel 中另存为 XLSX 或 CSV", "Old XLS files are not supported: save as XLSX or CSV"))
        }
        let isUTF16 = head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
        if !isUTF16 && data.prefix(4096).contains(0) {
            throw VanguardError(.unsupportedMediaType, .init("文件不是电子表格（请上传 XLSX 或 CSV 文件）", "The file is not a spreadsheet (upload XLSX or CSV)"))
        }
        let text = try TextDecoding.decode(data)
        // A NUL past the first 4 KB, or in UTF-16: no cell holds one (PostgreSQL refuses it in text).
        if text.unicodeScalars.contains("\u{0}") {
            throw VanguardError.invalid("文件中含有空字符（U+0000），不是有效的表格", "The file contains a NUL character (U+0000): not a valid sheet")
        }
        // Excel's "Unicode text" is tab-separated UTF-16.
        if isUTF16 { return try CSVTable.parse(text, separator: "\t", quoting: false, limits: limits) }
        return try CSVTable.parse(text, limits: limits)
    }

    /// Rows of text, the first the header, as a file in memory (templates and the sheets that are
    /// imported again: no title row, every cell text).
    public static func write(_ rows: [[String]], as format: SheetFormat, sheetName: String) throws -> Data {
        let header = rows.first ?? []
        let body = rows.dropFirst().map { $0.map(SheetCell.text) }
        let out = try SheetOutput(format: format, layout: SheetLayout(sheetName: sheetName, header: header).fitting(Array(body.prefix(200))))
        for row in body { try out.append(row) }
        return try out.data()
    }
}
