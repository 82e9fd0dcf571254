/// 登录失败处理 (等保2.0 三级: 登录失败处理功能): failed logins slow further tries, progressively, on
/// three keys at once — the account from one address (the owner's usual case: 5 tries, then a
/// minute, doubling up to 15), the account from anywhere (a spread-out attack on one account: 20
/// tries, then the same), and one address against any account (spraying many usernames: 30 tries,
/// then up to an hour). The delay never exceeds its cap, so an attacker elsewhere cannot lock the
/// owner out for long, and the office can clear it at once. A day without failures forgets them.
public struct LoginDelayPolicy: Sendable, Hashable {
    public var threshold: Int
    public var firstDelayMillis: Int64
    public var maxDelayMillis: Int64
    public static let forgetAfterMillis: Int64 = 24 * 3600 * 1000

    public init(threshold: Int, firstDelayMillis: Int64 = 60_000, maxDelayMillis: Int64) {
        self.threshold = threshold
        self.firstDelayMillis = firstDelayMillis
        self.maxDelayMillis = maxDelayMillis
    }

    public static let accountFromAddress = LoginDelayPolicy(threshold: 5, maxDelayMillis: 15 * 60_000)
    public static let account = LoginDelayPolicy(threshold: 20, maxDelayMillis: 15 * 60_000)
    public static let address = LoginDelayPolicy(threshold: 30, maxDelayMillis: 60 * 60_000)

    /// The failures still counted at `now`.
    public static func counted(_ failures: Int, lastAt: Int64, now: Int64) -> Int {
        now - lastAt > forgetAfterMillis ? 0 : failures
    }

    /// Milliseconds until the next try, or nil when it may try now.
    public func wait(failures: Int, lastAt: Int64, now: Int64) -> Int64? {
        let n = Self.counted(failures, lastAt: lastAt, now: now)
        guard n >= threshold else { return nil }
        // Doubling per failure past the threshold, without overflow: the cap is reached long before.
        let doublings = min(n - threshold, 20)
        let delay = min(maxDelayMillis, firstDelayMillis << Int64(doublings))
        let until = lastAt + delay
        return until > now ? until - now : nil
    }
}
