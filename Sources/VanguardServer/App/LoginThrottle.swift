import Hummingbird
import VanguardCore

/// Failed attempts per key (a client guessing ballot codes), kept in memory: a restart forgets them, which is
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

/// Wrong ballot codes per client, shared by the ballot page and the API: a voter mistyping is fine,
/// a script guessing is stopped.
enum BallotGuesses {
    static func make() -> LoginThrottle {
        LoginThrottle(
            policy: .init(maxFailures: 20, windowMillis: 15 * 60 * 1000),
            message: { .init("输错评议码的次数过多，请\($0)分钟后再试", "Too many wrong codes; try again in \($0) minutes") })
    }

    static func key(_ client: String) -> String { "ballot:" + client }
}

/// The client's address for the handlers of the JSON API, which see no request context.
enum RequestClient {
    @TaskLocal static var address = "unknown"
}

struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await RequestClient.$address.withValue(context.clientAddress) { try await next(request, context) }
    }
}
