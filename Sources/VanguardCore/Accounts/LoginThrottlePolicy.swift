/// 登录限制: after `maxFailures` failed logins for one key within `window`, further attempts are
/// refused until `window` has passed since the oldest counted failure.
public struct LoginThrottlePolicy: Sendable {
    public var maxFailures = 5
    public var windowMillis: Int64 = 15 * 60 * 1000

    public init(maxFailures: Int = 5, windowMillis: Int64 = 15 * 60 * 1000) {
        self.maxFailures = maxFailures
        self.windowMillis = windowMillis
    }

    /// The failures still counted at `now`.
    public func recent(_ failures: [Int64], now: Int64) -> [Int64] {
        failures.filter { now - $0 < windowMillis }
    }

    /// Milliseconds until the key may try again, or nil when it may try now.
    public func retryAfter(_ failures: [Int64], now: Int64) -> Int64? {
        let counted = recent(failures, now: now)
        guard counted.count >= maxFailures, let oldest = counted.min() else { return nil }
        return oldest + windowMillis - now
    }
}
