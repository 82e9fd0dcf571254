/// 二维码: a QR Code (Model 2, byte mode, error correction level M, versions 1–10) for the short
/// links printed on posters and letters, drawn as SVG. Written here rather than taken from a package
/// because none is among the mirrored ones and the encoder is small; it follows ISO/IEC 18004 as
/// laid out in Project Nayuki's reference implementation.
import Foundation

struct QRCode {
    let size: Int
    private(set) var modules: [[Bool]]
    private var isFunction: [[Bool]]

    /// Level M per version 1…10: error correction codewords per block, and blocks.
    private static let eccPerBlock = [10, 16, 26, 18, 24, 16, 18, 22, 22, 26]
    private static let blocks = [1, 1, 1, 2, 2, 4, 4, 4, 5, 5]
    static let maximumVersion = 10

    /// Encodes `text` as UTF-8 in the smallest version that holds it; nil when it is too long (> 213 bytes).
    init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard let version = (1...Self.maximumVersion).first(where: { v in 4 + (v < 10 ? 8 : 16) + 8 * bytes.count <= Self.dataCodewords(v) * 8 })
        else { return nil }
        size = version * 4 + 17
        modules = Array(repeating: Array(repeating: false, count: size), count: size)
        isFunction = modules
        drawFunctionPatterns(version)
        drawCodewords(Self.interleave(Self.dataCodewords(bytes, version: version), version: version))
        var best = 0
        var bestPenalty = Int.max
        for mask in 0..<8 {
            applyMask(mask)
            drawFormatBits(mask)
            let p = penalty()
            if p < bestPenalty { (best, bestPenalty) = (mask, p) }
            applyMask(mask)  // XOR again: undone
        }
        applyMask(best)
        drawFormatBits(best)
    }

    /// The code as an SVG image with a four-module quiet zone, scaled to `pixels` wide.
    func svg(pixels: Int = 200) -> String {
        var path = ""
        for y in 0..<size {
            for x in 0..<size where modules[y][x] { path += "M\(x + 4),\(y + 4)h1v1h-1z" }
        }
        let n = size + 8
        return """
            <svg xmlns="http://www.w3.org/2000/svg" class="qr" width="\(pixels)" height="\(pixels)" viewBox="0 0 \(n) \(n)" shape-rendering="crispEdges" role="img" aria-label="QR">\
            <rect width="\(n)" height="\(n)" fill="#fff"/><path d="\(path)" fill="#000"/></svg>
            """
    }

    // MARK: - Codewords

    static func rawDataModules(_ v: Int) -> Int {
        var result = (16 * v + 128) * v + 64
        if v >= 2 {
            let align = v / 7 + 2
            result -= (25 * align - 10) * align - 55
            if v >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(_ v: Int) -> Int { rawDataModules(v) / 8 - eccPerBlock[v - 1] * blocks[v - 1] }

    /// Mode, count, the bytes, terminator and padding: exactly `dataCodewords(version)` bytes.
    static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits: [Bool] = []
        func append(_ value: Int, _ count: Int) { for i in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> i) & 1 == 1) } }
        append(0b0100, 4)
        append(bytes.count, version < 10 ? 8 : 16)
        for b in bytes { append(Int(b), 8) }
        let capacity = dataCodewords(version) * 8
        append(0, min(4, capacity - bits.count))
        append(0, (8 - bits.count % 8) % 8)
        var pad = 0xEC
        while bits.count < capacity {
            append(pad, 8)
            pad ^= 0xEC ^ 0x11
        }
        return stride(from: 0, to: bits.count, by: 8).map { i in bits[i..<i + 8].reduce(0) { $0 << 1 | ($1 ? 1 : 0) } }
    }

    /// Splits the data into blocks, appends each block's Reed–Solomon codewords, and interleaves them.
    static func interleave(_ data: [UInt8], version: Int) -> [UInt8] {
        let numBlocks = blocks[version - 1]
        let eccLength = eccPerBlock[version - 1]
        let raw = rawDataModules(version) / 8
        let shortBlocks = numBlocks - raw % numBlocks
        let shortLength = raw / numBlocks
        let divisor = reedSolomonDivisor(eccLength)
        var all: [[UInt8]] = []
        var k = 0
        for i in 0..<numBlocks {
            let length = shortLength - eccLength + (i < shortBlocks ? 0 : 1)
            let chunk = Array(data[k..<k + length])
            k += length
            var block = chunk + Array(repeating: 0, count: shortLength + 1 - chunk.count)
            let ecc = reedSolomonRemainder(chunk, divisor)
            block.replaceSubrange((block.count - eccLength)..<block.count, with: ecc)
            all.append(block)
        }
        var out: [UInt8] = []
        for i in 0..<(shortLength + 1) {
            for (j, block) in all.enumerated() where i != shortLength - eccLength || j >= shortBlocks { out.append(block[i]) }
        }
        return out
    }

    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z = 0
        for i in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            z ^= Int((y >> UInt8(i)) & 1) * Int(x)
        }
        return UInt8(z & 0xFF)
    }

    static func reedSolomonDivisor(_ degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = multiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func reedSolomonRemainder(_ data: [UInt8], _ divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for b in data {
            let factor = b ^ result[0]
            result.removeFirst()
            result.append(0)
            for i in 0..<result.count { result[i] ^= multiply(divisor[i], factor) }
        }
        return result
    }

    // MARK: - Modules

    private mutating func set(_ x: Int, _ y: Int, _ dark: Bool) {
        modules[y][x] = dark
        isFunction[y][x] = true
    }

    private mutating func drawFunctionPatterns(_ version: Int) {
        for i in 0..<size {
            set(6, i, i % 2 == 0)
            set(i, 6, i % 2 == 0)
        }
        for (cx, cy) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 {
                    let (x, y) = (cx + dx, cy + dy)
                    guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                    let d = max(abs(dx), abs(dy))
                    set(x, y, d != 2 && d != 4)
                }
            }
        }
        let positions = Self.alignmentPositions(version, size: size)
        for (i, a) in positions.enumerated() {
            for (j, b) in positions.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == positions.count - 1) || (i == positions.count - 1 && j == 0) { continue }
                for dy in -2...2 { for dx in -2...2 { set(a + dx, b + dy, max(abs(dx), abs(dy)) != 1) } }
            }
        }
        drawFormatBits(0)  // reserves the format areas; redrawn with the chosen mask
        if version >= 7 {
            var rem = version
            for _ in 0..<12 { rem = (rem << 1) ^ ((rem >> 11) * 0x1F25) }
            let bits = version << 12 | rem
            for i in 0..<18 {
                let bit = (bits >> i) & 1 == 1
                let (a, b) = (size - 11 + i % 3, i / 3)
                set(a, b, bit)
                set(b, a, bit)
            }
        }
    }

    static func alignmentPositions(_ version: Int, size: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        var result = [6]
        var pos = size - 7
        var tail: [Int] = []
        for _ in 1..<count {
            tail.insert(pos, at: 0)
            pos -= step
        }
        result += tail
        return result
    }

    /// Level M (format bits 00) with the mask, BCH-protected, in both copies.
    private mutating func drawFormatBits(_ mask: Int) {
        let data = 0 << 3 | mask
        var rem = data
        for _ in 0..<10 { rem = (rem << 1) ^ ((rem >> 9) * 0x537) }
        let bits = (data << 10 | rem) ^ 0x5412
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        for i in 0...5 { set(8, i, bit(i)) }
        set(8, 7, bit(6))
        set(8, 8, bit(7))
        set(7, 8, bit(8))
        for i in 9..<15 { set(14 - i, 8, bit(i)) }
        for i in 0..<8 { set(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { set(8, size - 15 + i, bit(i)) }
        set(8, size - 8, true)
    }

    private mutating func drawCodewords(_ data: [UInt8]) {
        var i = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            for vert in 0..<size {
                for j in 0..<2 {
                    let x = right - j
                    let upward = (right + 1) & 2 == 0
                    let y = upward ? size - 1 - vert : vert
                    if !isFunction[y][x] && i < data.count * 8 {
                        modules[y][x] = (data[i >> 3] >> UInt8(7 - (i & 7))) & 1 == 1
                        i += 1
                    }
                }
            }
            right -= 2
        }
    }

    private mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y][x] {
                let invert: Bool =
                    switch mask {
                    case 0: (x + y) % 2 == 0
                    case 1: y % 2 == 0
                    case 2: x % 3 == 0
                    case 3: (x + y) % 3 == 0
                    case 4: (x / 3 + y / 2) % 2 == 0
                    case 5: x * y % 2 + x * y % 3 == 0
                    case 6: (x * y % 2 + x * y % 3) % 2 == 0
                    default: ((x + y) % 2 + x * y % 3) % 2 == 0
                    }
                if invert { modules[y][x].toggle() }
            }
        }
    }

    /// The standard's penalty: long runs, 2×2 blocks, finder-like patterns, and dark/light imbalance.
    func penalty() -> Int {
        var result = 0
        let finderLike: [[Bool]] = [
            [true, false, true, true, true, false, true, false, false, false, false],
            [false, false, false, false, true, false, true, true, true, false, true],
        ]
        for line in 0..<size {
            for horizontal in [true, false] {
                let cells = (0..<size).map { horizontal ? modules[line][$0] : modules[$0][line] }
                var run = 1
                for i in 1..<size {
                    if cells[i] == cells[i - 1] {
                        run += 1
                    } else {
                        if run >= 5 { result += 3 + run - 5 }
                        run = 1
                    }
                }
                if run >= 5 { result += 3 + run - 5 }
                for start in 0...(size - 11) where finderLike.contains(where: { Array(cells[start..<start + 11]) == $0 }) { result += 40 }
            }
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let c = modules[y][x]
                if c == modules[y][x + 1] && c == modules[y + 1][x] && c == modules[y + 1][x + 1] { result += 3 }
            }
        }
        let dark = modules.reduce(0) { $0 + $1.filter { $0 }.count }
        let total = size * size
        let k = (abs(dark * 20 - total * 10) + total - 1) / total - 1
        return result + k * 10
    }
}

/// The QR codes the pages show, drawn once: a board's short link does not change, and encoding (with
/// its eight masks scored) costs more than the rest of the page. Bounded; cleared when full.
final class QRCache: @unchecked Sendable {
    static let shared = QRCache()
    private let lock = NSLock()
    private var svgs: [String: String] = [:]
    static let capacity = 20_000

    func svg(_ text: String, pixels: Int) -> String {
        let key = "\(pixels)|\(text)"
        lock.lock()
        if let hit = svgs[key] {
            lock.unlock()
            return hit
        }
        lock.unlock()
        let svg = QRCode(text)?.svg(pixels: pixels) ?? ""
        lock.lock()
        if svgs.count >= Self.capacity { svgs.removeAll(keepingCapacity: true) }
        svgs[key] = svg
        lock.unlock()
        return svg
    }
}
