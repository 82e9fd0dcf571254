import VanguardCore

/// One problem in an uploaded file: where it is, what was there, and why it is wrong.
public struct ImportProblem: Sendable, Hashable, Codable {
    /// The row as the spreadsheet numbers it (the header is row 1).
    public var row: Int
    public var column: String
    public var value: String
    public var reason: Bilingual

    public init(row: Int, column: String, value: String, reason: Bilingual) {
        self.row = row
        self.column = column
        self.value = value
        self.reason = reason
    }
}

/// What an import did: either every row was written, or nothing was and every problem is listed.
public struct ImportReport: Sendable, Hashable, Codable {
    public var created: Int
    public var problems: [ImportProblem]
    /// Where the rows went (members: their organizations; organizations: the parents they were
    /// created under), most first, at most ten — the page links to them.
    public var places: [ImportPlace] = []
    public var succeeded: Bool { problems.isEmpty }

    public init(created: Int, problems: [ImportProblem], places: [ImportPlace] = []) {
        self.created = created
        self.problems = problems
        self.places = places
    }

    /// The places of `records`, counted, most first, at most ten.
    static func places(_ records: [OrganizationRecord]) -> [ImportPlace] {
        var counts: [Int64: (name: String, count: Int)] = [:]
        for r in records { counts[r.id, default: (r.name, 0)].count += 1 }
        return counts.map { ImportPlace(organizationID: $0.key, name: $0.value.name, count: $0.value.count) }
            .sorted { ($0.count, $1.organizationID) > ($1.count, $0.organizationID) }.prefix(10).map { $0 }
    }
}

/// An organization an import wrote under, and how many rows went there.
public struct ImportPlace: Sendable, Hashable, Codable {
    public var organizationID: Int64
    public var name: String
    public var count: Int
}

/// A table with named columns: header lookup tolerant of spaces and of English names.
struct HeaderedTable {
    let columns: [String: Int]
    let rows: [(number: Int, fields: [String])]
    /// Column positions by the columns' ASCII keys, found once per file (`resolved`): looking a Chinese
    /// header up per cell hashes its normalized form each time.
    private var byKey: [String: Int] = [:]  // −1: the file has no such column

    init(_ raw: [[String]]) {
        var columns: [String: Int] = [:]
        for (i, name) in (raw.first ?? []).enumerated() {
            let key = name.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "*", with: "")
            if !key.isEmpty && columns[key] == nil { columns[key] = i }
        }
        self.columns = columns
        rows = raw.enumerated().dropFirst().compactMap { i, fields in
            fields.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } ? nil : (i + 1, fields)
        }
    }

    func has(_ column: SheetColumn) -> Bool { index(column) != nil }

    /// The problems that stop a file before its rows are read: a missing required column, or no rows.
    func structuralProblems(_ columns: [SheetColumn]) -> [ImportProblem] {
        let missing = columns.filter { $0.required && !has($0) }.map {
            ImportProblem(row: 1, column: $0.zh, value: "", reason: .init("缺少必填列“\($0.zh)”", "Missing required column '\($0.zh)'"))
        }
        if !missing.isEmpty { return missing }
        return rows.isEmpty ? [ImportProblem(row: 2, column: "", value: "", reason: .init("文件中没有数据行", "The file has no data rows"))] : []
    }

    func index(_ column: SheetColumn) -> Int? {
        if let i = byKey[column.key] { return i < 0 ? nil : i }
        return columns[column.zh] ?? columns[column.key]
    }

    /// The same table with the positions of `list` found once.
    func resolved(_ list: [SheetColumn]) -> HeaderedTable {
        var copy = self
        for c in list { copy.byKey[c.key] = columns[c.zh] ?? columns[c.key] ?? -1 }
        return copy
    }

    func value(_ fields: [String], _ column: SheetColumn) -> String {
        guard let i = index(column), i < fields.count else { return "" }
        return fields[i].trimmed()
    }
}

/// A column of an import or export file: its Chinese header and its English key.
struct SheetColumn: Sendable {
    let zh: String
    let key: String
    let required: Bool
}

/// Yes/no cells: 是/否, Y/N, 1/0, true/false, ✓; empty means no.
func parseYesNo(_ text: String) -> Bool? {
    switch text.lowercased() {
    case "", "否", "n", "no", "0", "false", "×": false
    case "是", "y", "yes", "1", "true", "√", "✓": true
    default: nil
    }
}

/// A date as clerks write it, or the serial number Excel stores for a date cell.
func parseDay(_ text: String) -> CalendarDay? {
    if let d = CalendarDay(parsing: text) { return d }
    if let serial = Int(text), (1...80000).contains(serial) {
        // Excel's day 0 is 1899-12-30 (it counts the non-existent 1900-02-29); 1970-01-01 is day 25569.
        return CalendarDay.fromDaysSince1970(serial - 25569)
    }
    if text.count == 8, let n = Int(text) {
        return CalendarDay(year: n / 10000, month: n / 100 % 100, day: n % 100)
    }
    return nil
}
