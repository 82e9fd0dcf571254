/// 统计年度: the years a statistic may be asked for — the campaign's era, not a typo like 226 or 20266.
public enum ReportYear {
    public static let range = 2000...2100

    public static func check(_ year: Int) throws {
        guard range.contains(year) else {
            throw VanguardError.invalid("年度须在 2000 至 2100 之间：\(year)", "The year must be between 2000 and 2100: \(year)", field: "year")
        }
    }
}
