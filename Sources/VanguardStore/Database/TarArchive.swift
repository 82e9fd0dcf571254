import Crypto
import Foundation

/// The few parts of the POSIX tar format (ustar) a backup archive needs: regular files written from
/// disk or memory, and read back one entry at a time with every field checked. Tar, because any
/// operator can list and unpack it with the system's `tar`. Sizes past ustar's 8 GiB use GNU's
/// base-256 form, which GNU tar and bsdtar read.
enum TarArchive {
    static let block = 512
    static let chunk = 1 << 20

    struct Entry {
        var name: String
        var size: UInt64
    }

    enum TarError: Error, CustomStringConvertible {
        case malformed(String)
        case truncated

        var description: String {
            switch self {
            case .malformed(let what): "备份文件格式不对 / not a valid backup archive: \(what)"
            case .truncated: "备份文件不完整 / the backup archive is truncated"
            }
        }
    }

    // MARK: writing

    static func header(name: String, size: UInt64, mtime: Int) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: block)
        func put(_ s: String, at offset: Int, width: Int) {
            for (i, b) in s.utf8.prefix(width).enumerated() { h[offset + i] = b }
        }
        func octal(_ v: UInt64, at offset: Int, width: Int) {
            put(String(repeating: "0", count: max(0, width - 1 - String(v, radix: 8).count)) + String(v, radix: 8), at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(0o600, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        if size < 0o77777777777 {
            octal(size, at: 124, width: 12)
        } else {  // GNU base-256: high bit set, big-endian in the remaining bytes
            h[124] = 0x80
            for i in 0..<8 { h[124 + 11 - i] = UInt8(truncatingIfNeeded: size >> (8 * UInt64(i))) }
        }
        octal(UInt64(max(0, mtime)), at: 136, width: 12)
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        for i in 148..<156 { h[i] = UInt8(ascii: " ") }
        let sum = h.reduce(0) { $0 + Int($1) }
        put(String(repeating: "0", count: 6 - String(sum, radix: 8).count) + String(sum, radix: 8), at: 148, width: 6)
        h[154] = 0
        return h
    }

    static func padding(_ size: UInt64) -> Int { Int((UInt64(block) - size % UInt64(block)) % UInt64(block)) }

    /// Appends a file from disk; returns its SHA-256 (hex) and size.
    static func append(file path: String, as name: String, to out: FileHandle) throws -> (sha256: String, size: UInt64) {
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.uint64Value ?? 0
        out.write(Data(header(name: name, size: size, mtime: Int(Date().timeIntervalSince1970))))
        let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? input.close() }
        var hash = SHA256()
        var written: UInt64 = 0
        while let data = try input.read(upToCount: chunk), !data.isEmpty {
            hash.update(data: data)
            out.write(data)
            written += UInt64(data.count)
        }
        guard written == size else { throw TarError.malformed("\(path) changed while it was archived") }
        out.write(Data(count: padding(size)))
        return (hash.finalize().hex, size)
    }

    static func append(data: Data, as name: String, to out: FileHandle) {
        out.write(Data(header(name: name, size: UInt64(data.count), mtime: Int(Date().timeIntervalSince1970))))
        out.write(data)
        out.write(Data(count: padding(UInt64(data.count))))
    }

    static func finish(_ out: FileHandle) { out.write(Data(count: 2 * block)) }

    // MARK: reading

    /// Reads the next entry's header; nil at the end of the archive.
    static func next(_ input: FileHandle) throws -> Entry? {
        guard let h = try input.read(upToCount: block), !h.isEmpty else { throw TarError.truncated }
        guard h.count == block else { throw TarError.truncated }
        let bytes = [UInt8](h)
        if bytes.allSatisfy({ $0 == 0 }) { return nil }
        var sum = 0
        for (i, b) in bytes.enumerated() { sum += (148..<156).contains(i) ? 32 : Int(b) }
        guard let stored = octalField(bytes[148..<156]), stored == UInt64(sum) else { throw TarError.malformed("header checksum") }
        guard bytes[156] == UInt8(ascii: "0") || bytes[156] == 0 else { throw TarError.malformed("only regular files are expected") }
        let nameBytes = bytes[0..<100].prefix { $0 != 0 }
        guard let name = String(bytes: nameBytes, encoding: .utf8), !name.isEmpty else { throw TarError.malformed("entry name") }
        let size: UInt64
        if bytes[124] & 0x80 != 0 {
            guard bytes[124] == 0x80, bytes[125..<128].allSatisfy({ $0 == 0 }) else { throw TarError.malformed("entry size") }
            size = bytes[128..<136].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard size < UInt64(1) << 62 else { throw TarError.malformed("entry size") }
        } else {
            guard let s = octalField(bytes[124..<136]) else { throw TarError.malformed("entry size") }
            size = s
        }
        return Entry(name: name, size: size)
    }

    /// An octal number field: digits, then NUL or space padding; nil when it is anything else.
    static func octalField(_ field: ArraySlice<UInt8>) -> UInt64? {
        var value: UInt64 = 0
        var digits = 0
        var ended = false
        for b in field {
            if b == 0 || b == UInt8(ascii: " ") {
                if digits > 0 { ended = true }
                continue
            }
            guard !ended, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(b), digits < 21 else { return nil }
            value = value << 3 | UInt64(b - UInt8(ascii: "0"))
            digits += 1
        }
        return digits > 0 ? value : nil
    }

    /// Copies the entry's bytes to `out` (or skips them when nil) and returns their SHA-256.
    static func copy(_ entry: Entry, from input: FileHandle, to out: FileHandle?) throws -> String {
        var hash = SHA256()
        var left = entry.size
        while left > 0 {
            guard let data = try input.read(upToCount: Int(min(left, UInt64(chunk)))), !data.isEmpty else { throw TarError.truncated }
            hash.update(data: data)
            out?.write(data)
            left -= UInt64(data.count)
        }
        let pad = padding(entry.size)
        if pad > 0 { guard let p = try input.read(upToCount: pad), p.count == pad else { throw TarError.truncated } }
        return hash.finalize().hex
    }

    /// Reads a small entry into memory, refusing one over `limit` bytes.
    static func read(_ entry: Entry, from input: FileHandle, limit: Int) throws -> Data {
        guard entry.size <= UInt64(limit) else { throw TarError.malformed("\(entry.name) is larger than \(limit) bytes") }
        if entry.size == 0 { return Data() }
        guard let data = try input.read(upToCount: Int(entry.size)), data.count == Int(entry.size) else { throw TarError.truncated }
        let pad = padding(entry.size)
        if pad > 0 { guard let p = try input.read(upToCount: pad), p.count == pad else { throw TarError.truncated } }
        return data
    }
}
