/// 一次性评议码: what a voter types or scans. Twelve characters of Crockford's base-32 alphabet (no
/// I, L, O, U, so nothing reads as another character) carry 60 bits of randomness: guessing one of a
/// round's codes is infeasible, and the server also throttles guesses [issue 4].
public enum BallotCode {
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    public static let length = 12
    public static let bitsOfRandomness = 60

    /// A new code from a cryptographic generator (the caller passes `SystemRandomNumberGenerator`).
    public static func make(using rng: inout some RandomNumberGenerator) -> String {
        String((0..<length).map { _ in alphabet[Int(rng.next(upperBound: UInt32(alphabet.count)))] })
    }

    /// The code 60 bits spell (the low 60 of `bits`), five bits a character: how a code derived from the
    /// server's key (a reprintable batch) is written.
    public static func spell(_ bits: UInt64) -> String {
        String((0..<length).map { i in alphabet[Int((bits >> UInt64(5 * (length - 1 - i))) & 31)] })
    }

    /// Groups of four for printing: `7KQ2-M9XD-4TNB`.
    public static func printable(_ code: String) -> String {
        stride(from: 0, to: code.count, by: 4).map { i in
            String(code.dropFirst(i).prefix(4))
        }.joined(separator: "-")
    }

    /// What the voter typed, as the code it means: case, spaces and dashes do not matter, and the
    /// letters people confuse with digits are read as those digits. Nil when it cannot be a code.
    public static func normalize(_ input: String) -> String? {
        var out = ""
        for ch in input.uppercased() {
            switch ch {
            case " ", "-", "\u{3000}": continue
            case "O": out.append("0")
            case "I", "L": out.append("1")
            default:
                guard alphabet.contains(ch) else { return nil }
                out.append(ch)
            }
        }
        return out.count == length ? out : nil
    }
}
