import Hummingbird
import VanguardCore

extension Request {
    /// The page's `year` from the query string: absent or empty means `fallback` (this year); anything
    /// else must be a year of the campaign's era, or the page answers 400 naming what was given.
    func queryYear(default fallback: Int) throws -> Int {
        guard let text = uri.queryParameters["year"].map(String.init), !text.isEmpty else { return fallback }
        guard let year = Int(text) else { throw VanguardError.invalid("年度须为数字：\(text)", "The year must be a number: \(text)", field: "year") }
        try ReportYear.check(year)
        return year
    }
}
