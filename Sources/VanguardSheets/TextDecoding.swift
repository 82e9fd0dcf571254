import Foundation
import VanguardCore

#if canImport(Glibc)
    import Glibc
#endif

/// Turns the bytes of a text file into a string: UTF-8 with or without BOM, UTF-16 with BOM, and
/// GB18030 (what Excel on Chinese Windows writes as "CSV").
public enum TextDecoding {
    public static func decode(_ data: Data) throws -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]), let s = String(bytes: bytes.dropFirst(3), encoding: .utf8) { return s }
        if bytes.starts(with: [0xFF, 0xFE]), let s = String(data: Data(bytes.dropFirst(2)), encoding: .utf16LittleEndian) { return s }
        if bytes.starts(with: [0xFE, 0xFF]), let s = String(data: Data(bytes.dropFirst(2)), encoding: .utf16BigEndian) { return s }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        if let s = gb18030(bytes) { return s }
        throw VanguardError(
            .unsupportedMediaType,
            .init(
                "无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV，或 XLSX 文件",
                "Unknown text encoding: save the file as UTF-8 or GB18030 CSV, or as XLSX"))
    }

    /// GB18030 through the C library's iconv (glibc ships the table).
    static func gb18030(_ bytes: [UInt8]) -> String? {
        let cd = iconv_open("UTF-8", "GB18030")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = bytes.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: bytes.count * 4 + 16)
        let ok: Bool = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
                return r != -1 && inLeft == 0
            }
        }
        guard ok else { return nil }
        let end = output.firstIndex(of: 0) ?? output.count
        return String(validating: output[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// GB18030 bytes of a string, for tests and for exports to old Excel versions.
    public static func encodeGB18030(_ text: String) -> Data? {
        let cd = iconv_open("GB18030", "UTF-8")
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = Array(text.utf8).map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 2 + 16)
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var outLeft = outBuf.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 else { return nil }
                return outBuf.count - outLeft
            }
        }
        guard let written else { return nil }
        return Data(output[..<written].map { UInt8(bitPattern: $0) })
    }
}
