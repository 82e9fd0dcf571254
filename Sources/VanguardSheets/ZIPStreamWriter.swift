import CZlib
import Foundation

/// A ZIP archive written as it goes (an XLSX is one): each entry is deflated by zlib at its fastest
/// level straight into the file, its sizes and CRC in a data descriptor after it, the central directory
/// at the end — so memory stays at one buffer whatever the size, and a city's ledger is written at disk
/// speed. ZIP64 is not written: an archive reaching 4 GiB is refused (a sheet holds 1,048,576 rows).
final class ZIPStreamWriter {
    private struct Written { let name: [UInt8]; let crc: UInt32; let compressed: UInt32; let size: UInt32; let offset: UInt32 }

    private let out: FileHandle
    private var offset = 0
    private var written: [Written] = []
    private var stream = z_stream()
    private var current: (name: [UInt8], offset: Int, crc: UInt32, size: Int, compressed: Int)?
    private var outBuffer = [UInt8](repeating: 0, count: 256 * 1024)
    /// Bytes waiting to be written to the file (one large write instead of many small ones).
    private var pending: [UInt8] = []

    static let tooLarge = CocoaError(.fileWriteOutOfSpace)

    init(writingTo handle: FileHandle) { out = handle }

    /// Starts an entry; its bytes follow with `write`.
    func begin(_ name: String) throws {
        precondition(current == nil, "an entry is open")
        let nameBytes = Array(name.utf8)
        current = (nameBytes, offset, 0, 0, 0)
        var h: [UInt8] = []
        h.le32(0x0403_4b50)
        h.le16(20)  // version needed: 2.0 (deflate)
        h.le16(0x0808)  // bit 3: sizes in the data descriptor; bit 11: UTF-8 names
        h.le16(8)  // deflate
        h.le16(0)
        h.le16(0x21)  // time 00:00, date 1980-01-01
        h.le32(0)
        h.le32(0)
        h.le32(0)
        h.le16(UInt16(nameBytes.count))
        h.le16(0)
        h += nameBytes
        try emit(h)
        stream = z_stream()
        guard deflateInit2_(&stream, 1, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Adds bytes to the open entry.
    func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty, var entry = current else { return }
        entry.crc = bytes.withUnsafeBufferPointer { UInt32(crc32(uLong(entry.crc), $0.baseAddress, uInt($0.count))) }
        entry.size += bytes.count
        current = entry
        try deflate(bytes, flush: Z_NO_FLUSH)
    }

    /// Ends the open entry: the rest of the deflate stream, then its data descriptor.
    func end() throws {
        guard let entry = current else { return }
        try deflate([], flush: Z_FINISH)
        deflateEnd(&stream)
        let compressed = offset - entry.offset - 30 - entry.name.count
        guard entry.size <= UInt32.max, compressed <= UInt32.max, entry.offset <= UInt32.max else { throw Self.tooLarge }
        var d: [UInt8] = []
        d.le32(0x0807_4b50)
        d.le32(entry.crc)
        d.le32(UInt32(compressed))
        d.le32(UInt32(entry.size))
        try emit(d)
        written.append(.init(name: entry.name, crc: entry.crc, compressed: UInt32(compressed), size: UInt32(entry.size), offset: UInt32(entry.offset)))
        current = nil
    }

    /// Writes the central directory; the archive is complete.
    func finish() throws {
        try end()
        let start = offset
        for e in written {
            var c: [UInt8] = []
            c.le32(0x0201_4b50)
            c.le16(20)
            c.le16(20)
            c.le16(0x0808)
            c.le16(8)
            c.le16(0)
            c.le16(0x21)
            c.le32(e.crc)
            c.le32(e.compressed)
            c.le32(e.size)
            c.le16(UInt16(e.name.count))
            c.le16(0)
            c.le16(0)
            c.le16(0)
            c.le16(0)
            c.le32(0)
            c.le32(e.offset)
            c += e.name
            try emit(c)
        }
        guard offset <= UInt32.max, written.count < 0xFFFF else { throw Self.tooLarge }
        var end: [UInt8] = []
        end.le32(0x0605_4b50)
        end.le16(0)
        end.le16(0)
        end.le16(UInt16(written.count))
        end.le16(UInt16(written.count))
        end.le32(UInt32(offset - start))
        end.le32(UInt32(start))
        end.le16(0)
        try emit(end)
        try flush()
    }

    private func deflate(_ input: [UInt8], flush mode: Int32) throws {
        var input = input
        try input.withUnsafeMutableBufferPointer { inBuf in
            stream.next_in = inBuf.baseAddress
            stream.avail_in = uInt(inBuf.count)
            defer { stream.next_in = nil }
            while true {
                let (produced, status) = outBuffer.withUnsafeMutableBufferPointer { outBuf in
                    stream.next_out = outBuf.baseAddress
                    stream.avail_out = uInt(outBuf.count)
                    let status = CZlib.deflate(&stream, mode)
                    return (outBuf.count - Int(stream.avail_out), status)
                }
                guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else { throw CocoaError(.fileWriteUnknown) }
                if produced > 0 { try emit(outBuffer[0..<produced]) }
                if mode == Z_FINISH ? status == Z_STREAM_END : (stream.avail_in == 0 && stream.avail_out != 0) { break }
            }
        }
    }

    private func emit<C: Collection>(_ bytes: C) throws where C.Element == UInt8 {
        pending.append(contentsOf: bytes)
        offset += bytes.count
        if pending.count >= 1 << 20 { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        try out.write(contentsOf: pending)
        pending.removeAll(keepingCapacity: true)
    }
}

extension [UInt8] {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xff)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xff)) } }
}
