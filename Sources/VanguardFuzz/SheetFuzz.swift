import CFuzzDriver
import Foundation
import VanguardSheets

/// The fuzz target of the spreadsheet readers: every input must end in rows or a `VanguardError`,
/// never a trap, a hang or unbounded memory. Built only when `VANGUARD_FUZZ` is set (see `.ci/fuzz`),
/// with `-sanitize=fuzzer,address`; the corpus starts from the hostile fixtures.
@main
enum SheetFuzz {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
    }
}

/// One input through every reader.
private func fuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    // Smaller limits than the server's, so each input is judged in milliseconds; the checks are the same.
    let limits = SheetLimits(fileBytes: 1 << 20, decompressedBytes: 4 << 20, rows: 100_000, columns: 16_384, cells: 200_000, cellBytes: 64 * 1024)
    _ = try? SheetFile.rows(from: data, limits: limits)
    _ = try? XLSXReader.read(data, limits: limits)
    if let text = String(data: data, encoding: .utf8) {
        _ = try? CSVTable.parse(text, limits: limits)
        _ = try? CSVTable.parse(text, separator: "\t", quoting: false, limits: limits)
    }
    return 0
}
