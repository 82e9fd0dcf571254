import CZlib
import VanguardCore

/// The parts of an uploaded ZIP (an XLSX is one), read by us rather than by ZIPFoundation: its
/// inflate loop never ends on a truncated deflate stream (found by the fuzz target: a 200-byte file
/// held a thread forever), and its in-memory archive leaks the upload when the file is no ZIP.
///
/// Every offset and size comes from hostile bytes, so each is checked against the file before use,
/// with arithmetic that cannot overflow; inflated bytes are handed out in chunks and the caller counts
/// them. ZIP64, encryption and methods other than stored and deflate are refused: Excel, WPS,
/// LibreOffice and openpyxl write none of them for a sheet of this size.
struct ZIPReader {
    struct Entry {
        let name: String
        let method: UInt16
        let crc32: UInt32
        let dataStart: Int
        let dataEnd: Int
        let uncompressedSize: Int
    }

    let bytes: [UInt8]
    let entries: [String: Entry]

    static let maxEntries = 10_000

    static var bad: VanguardError {
        VanguardError(.unsupportedMediaType, .init("文件不是有效的 XLSX 电子表格（压缩包已损坏）", "The file is not a valid XLSX spreadsheet (broken ZIP archive)"), field: "file")
    }

    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        let eocd = try Self.endOfCentralDirectory(bytes)
        let count = Int(Self.u16(bytes, eocd + 10))
        let size = Int(Self.u32(bytes, eocd + 12))
        let offset = Int(Self.u32(bytes, eocd + 16))
        guard count <= Self.maxEntries, offset <= eocd, size <= eocd - offset else { throw Self.bad }
        var entries: [String: Entry] = [:]
        var at = offset
        for _ in 0..<count {
            guard at <= eocd - 46, Self.u32(bytes, at) == 0x0201_4b50 else { throw Self.bad }
            let flags = Self.u16(bytes, at + 8)
            let method = Self.u16(bytes, at + 10)
            let crc = Self.u32(bytes, at + 16)
            let compressed = Int(Self.u32(bytes, at + 20))
            let uncompressed = Int(Self.u32(bytes, at + 24))
            let nameLength = Int(Self.u16(bytes, at + 28))
            let extraLength = Int(Self.u16(bytes, at + 30))
            let commentLength = Int(Self.u16(bytes, at + 32))
            let local = Int(Self.u32(bytes, at + 42))
            // Sizes of 0xFFFFFFFF mean ZIP64; bit 0 of the flags means encrypted.
            guard flags & 1 == 0, compressed != 0xFFFF_FFFF, uncompressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { throw Self.bad }
            let nameStart = at + 46
            let next = nameStart + nameLength + extraLength + commentLength  // each ≤ 65,535: no overflow
            guard next <= eocd else { throw Self.bad }
            let name = String(decoding: bytes[nameStart..<(nameStart + nameLength)], as: UTF8.self)
            // The local header repeats the name and has its own extra field; the data follows it.
            guard local <= bytes.count - 30, Self.u32(bytes, local) == 0x0403_4b50 else { throw Self.bad }
            let dataStart = local + 30 + Int(Self.u16(bytes, local + 26)) + Int(Self.u16(bytes, local + 28))
            guard dataStart <= bytes.count, compressed <= bytes.count - dataStart else { throw Self.bad }
            if entries[name] == nil {
                entries[name] = Entry(
                    name: name, method: method, crc32: crc, dataStart: dataStart, dataEnd: dataStart + compressed, uncompressedSize: uncompressed)
            }
            at = next
        }
        self.entries = entries
    }

    /// Inflates one entry, handing out at most 64 KB at a time; the checksum is verified at the end.
    func extract(_ entry: Entry, _ consume: (ArraySlice<UInt8>) throws -> Void) throws {
        switch entry.method {
        case 0:
            var at = entry.dataStart
            var crc = crc32(0, nil, 0)
            while at < entry.dataEnd {
                let end = min(at + 65_536, entry.dataEnd)
                let chunk = bytes[at..<end]
                crc = chunk.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, UInt32($0.count)) }
                try consume(chunk)
                at = end
            }
            guard UInt32(crc) == entry.crc32 else { throw Self.bad }
        case 8: try inflate(entry, consume)
        default: throw Self.bad
        }
    }

    private func inflate(_ entry: Entry, _ consume: (ArraySlice<UInt8>) throws -> Void) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { throw Self.bad }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: 65_536)
        var crc = crc32(0, nil, 0)
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + entry.dataStart)
            stream.avail_in = UInt32(entry.dataEnd - entry.dataStart)
            while true {
                let (result, produced): (Int32, Int) = output.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    let r = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return (r, out.count - Int(stream.avail_out))
                }
                guard result == Z_OK || result == Z_STREAM_END || (result == Z_BUF_ERROR && produced > 0) else { throw Self.bad }
                if produced > 0 {
                    crc = output.withUnsafeBufferPointer { crc32(crc, $0.baseAddress, UInt32(produced)) }
                    try consume(output[0..<produced])
                }
                if result == Z_STREAM_END { break }
                // All input used and no more output: the stream stops short of its end.
                if stream.avail_in == 0 && produced == 0 { throw Self.bad }
            }
        }
        guard UInt32(crc) == entry.crc32 else { throw Self.bad }
    }

    /// The end-of-central-directory record: searched for backwards over the longest comment it may have.
    static func endOfCentralDirectory(_ bytes: [UInt8]) throws -> Int {
        guard bytes.count >= 22 else { throw bad }
        var at = bytes.count - 22
        let stop = max(0, bytes.count - 22 - 65_535)
        while at >= stop {
            if u32(bytes, at) == 0x0605_4b50 { return at }
            at -= 1
        }
        throw bad
    }

    static func u16(_ b: [UInt8], _ at: Int) -> UInt16 { UInt16(b[at]) | UInt16(b[at + 1]) << 8 }
    static func u32(_ b: [UInt8], _ at: Int) -> UInt32 { UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24 }
}
