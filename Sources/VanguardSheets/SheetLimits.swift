import VanguardCore

/// How much of an uploaded spreadsheet we are willing to hold. Outside bytes are hostile: a 3 MB zip
/// can inflate to gigabytes, a 243-byte sheet can name row 400,000,000, so every reader counts
/// against these limits *while* it reads and stops at the first one passed.
public struct SheetLimits: Sendable {
    /// Bytes one upload may have before decompression.
    public var fileBytes: Int
    /// Bytes all the parts of an XLSX we read may inflate to, together.
    public var decompressedBytes: Int
    /// Excel's own limits: 1,048,576 rows and 16,384 columns (A–XFD).
    public var rows: Int
    public var columns: Int
    /// Cells held in memory, counting the empty ones a row is padded with: each costs at least
    /// 16 bytes, so this bounds what a sparse sheet (`XFD1048576`) can make us allocate.
    /// 8,388,608 cells are 330,000 members of 25 columns, well over a city's import.
    public var cells: Int
    /// Bytes of one cell's text (Excel stops at 32,767 characters; four bytes each in UTF-8).
    public var cellBytes: Int

    public init(
        fileBytes: Int = 20 * 1024 * 1024, decompressedBytes: Int = 100 * 1024 * 1024, rows: Int = 1_048_576, columns: Int = 16_384,
        cells: Int = 8_388_608, cellBytes: Int = 32_767 * 4
    ) {
        self.fileBytes = fileBytes
        self.decompressedBytes = decompressedBytes
        self.rows = rows
        self.columns = columns
        self.cells = cells
        self.cellBytes = cellBytes
    }

    public static let standard = SheetLimits()

    func tooLarge(_ zh: String, _ en: String) -> VanguardError {
        VanguardError(.payloadTooLarge, .init(zh, en), field: "file")
    }

    var fileTooLarge: VanguardError {
        tooLarge("文件不能超过\(fileBytes / (1024 * 1024))MB", "The file may not exceed \(fileBytes / (1024 * 1024)) MB")
    }
    var inflatesTooMuch: VanguardError {
        tooLarge(
            "文件解压后超过\(decompressedBytes / (1024 * 1024))MB，请拆分后再导入",
            "The file inflates to more than \(decompressedBytes / (1024 * 1024)) MB: split it and import the parts")
    }
    var tooManyRows: VanguardError {
        tooLarge("表格超过\(rows)行", "The sheet has more than \(rows) rows")
    }
    var tooManyColumns: VanguardError {
        tooLarge("表格超过\(columns)列", "The sheet has more than \(columns) columns")
    }
    var tooManyCells: VanguardError {
        tooLarge("表格的单元格超过\(cells)个，请拆分后再导入", "The sheet has more than \(cells) cells: split it and import the parts")
    }
    var cellTooLong: VanguardError {
        tooLarge("单元格内容过长（最多32767个字）", "A cell holds more than 32,767 characters")
    }
}

/// Collects rows of text under the limits: the one place a reader's rows are stored, so the budget
/// for padding and values is counted the same way for XLSX, CSV and tab-separated text.
struct RowCollector {
    let limits: SheetLimits
    private(set) var rows: [[String]] = []
    private var cells = 0

    init(limits: SheetLimits) { self.limits = limits }

    /// Adds empty rows until `count` rows are held (row numbers in a sheet may skip).
    mutating func pad(toRows count: Int) throws {
        guard count <= limits.rows else { throw limits.tooManyRows }
        while rows.count < count { rows.append([]) }
    }

    /// Spends the budget for `n` more cells of a row.
    mutating func spend(_ n: Int) throws {
        let (sum, overflow) = cells.addingReportingOverflow(n)
        guard !overflow, sum <= limits.cells else { throw limits.tooManyCells }
        cells = sum
    }

    mutating func append(_ row: [String]) throws {
        guard row.count <= limits.columns else { throw limits.tooManyColumns }
        try spend(row.count)
        try appendCounted(row)
    }

    /// Adds a row whose cells were already spent, one by one, while it was built.
    mutating func appendCounted(_ row: [String]) throws {
        guard rows.count < limits.rows else { throw limits.tooManyRows }
        rows.append(row)
    }
}
