import Foundation
import Hummingbird
import OpenAPIRuntime
import VanguardAPI
import VanguardCore
import VanguardStore

/// The JSON API: each handler reads the caller, calls one service, and maps the result.
struct APIService: APIProtocol {
    typealias S = Components.Schemas

    let vanguard: Vanguard
    let guesses: LoginThrottle
    /// How long a voter's request waits for her ballot's batch to fill before it answers "pending".
    var ballotWait: Duration = .seconds(3)

    /// The caller set by `BearerAuthMiddleware`, or 401.
    var caller: Caller {
        get throws {
            guard let c = RequestCaller.current else {
                throw VanguardError(.unauthorized, .init("请先登录（缺少或无效的令牌）", "Authentication required: missing or invalid bearer token"))
            }
            return c
        }
    }
}

enum APIErrors {
    static let badBody = VanguardError(.unsupportedMediaType, .init("请求体格式不正确", "Unsupported request body"))
}

/// The caller of the current API request, set by `BearerAuthMiddleware` for the handler's task.
enum RequestCaller {
    @TaskLocal static var current: Caller?
    /// The bearer token of the current request (kept alive when its owner changes the password).
    @TaskLocal static var token: String?
}
