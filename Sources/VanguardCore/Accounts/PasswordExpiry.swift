/// 口令定期更换 (等保2.0 三级, optional): with a maximum age set, a password older than that still logs
/// in, but the session can do nothing but change it (and log out). Off (0) by default: forced periodic
/// changes push people to weaker passwords, so a deployment turns it on only where its rules ask.
public enum PasswordExpiry {
    static let dayMillis: Int64 = 86_400_000

    /// Whether a password set at `changedAt` (milliseconds) has expired at `now` under `maxAgeDays`
    /// (0 or less: never).
    public static func expired(changedAt: Int64, now: Int64, maxAgeDays: Int) -> Bool {
        guard maxAgeDays > 0 else { return false }
        let (limit, overflow) = Int64(maxAgeDays).multipliedReportingOverflow(by: dayMillis)
        return !overflow && now - changedAt > limit
    }
}
