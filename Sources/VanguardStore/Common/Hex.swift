import Crypto

extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits a byte. Written by hand: `String(format: "%02x")` per byte was
    /// a tenth of the ballot path's CPU (a code is hashed twice a ballot, and 60,000 times for a batch of codes).
    var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
