import VanguardCore

/// Failed attempts per key (a username and client, or a client guessing ballot codes), kept in memory: a restart forgets them, which is
/// acceptable because bcrypt already makes each guess slow.
actor LoginThrottle {
    private var failures: [String: [Int64]] = [:]
    private let policy: LoginThrottlePolicy
    private let message: @Sendable (Int) -> Bilingual

    init(
        policy: LoginThrottlePolicy = .init(),
        message: @escaping @Sendable (Int) -> Bilingual = { .init("登录失败次数过多，请\($0)分钟后再试", "Too many failed logins; try again in \($0) minutes") }
    ) {
        self.policy = policy
        self.message = message
    }

    func check(_ key: String, now: Int64) throws {
        if let wait = policy.retryAfter(failures[key] ?? [], now: now) {
            let minutes = max(1, Int((wait + 59_999) / 60_000))
            throw VanguardError(.tooManyRequests, message(minutes))
        }
    }

    func fail(_ key: String, now: Int64) {
        failures[key] = policy.recent(failures[key] ?? [], now: now) + [now]
        if failures.count > 100_000 { failures = failures.filter { !policy.recent($0.value, now: now).isEmpty } }
    }

    func succeed(_ key: String) { failures[key] = nil }
}
