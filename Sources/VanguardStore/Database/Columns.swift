import SQLKit
import VanguardCore

/// Range bounds for "everything under this path": paths hold only digits and `/`, so every
/// descendant sorts between `/1/17/` and `/1/17/~`, and an index range scan finds them on both engines.
func subtreeBounds(_ path: TreePath) -> (low: String, high: String) {
    (path.description, path.description + "~")
}

extension SQLRow {
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func int(_ column: String) throws -> Int { Int(try decode(column: column, as: Int64.self)) }
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decode(column: column, as: String?.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(column: column, as: Int64?.self) }
    func bool(_ column: String) throws -> Bool {
        // SQLite keeps booleans as 0/1 integers; PostgreSQL as booleans.
        if let b = try? decode(column: column, as: Bool.self) { return b }
        return try decode(column: column, as: Int64.self) != 0
    }

    func day(_ column: String) throws -> CalendarDay {
        let text = try string(column)
        guard let d = CalendarDay(parsing: text) else { throw VanguardError.invalid("日期损坏: \(text)", "corrupt date: \(text)") }
        return d
    }
}
