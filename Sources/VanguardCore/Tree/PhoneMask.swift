/// Phones are private: every list shows `138****5678`; only the member's own page shows more, and only
/// to those who manage the member.
public enum PhoneMask {
    public static func mask(_ phone: String?) -> String {
        guard let phone, !phone.isEmpty else { return "" }
        let chars = Array(phone)
        guard chars.count >= 7 else { return String(repeating: "*", count: chars.count) }
        return String(chars.prefix(3)) + "****" + String(chars.suffix(4))
    }
}
