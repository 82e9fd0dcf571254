import Foundation
import HTTPTypes
import OpenAPIRuntime
import VanguardCore
import VanguardStore

/// Reads `Authorization: Bearer …` and runs the handler with that caller; an unknown or expired
/// token leaves the caller unset, so handlers that need one answer 401.
struct BearerAuthMiddleware: ServerMiddleware {
    let accounts: AccountService
    static let allowedWhileExpired: Set<String> = ["changePassword", "getMe", "revokeToken", "listSessions", "revokeSession"]

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, metadata: ServerRequestMetadata, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        var caller: Caller?
        var token: String?
        if let header = request.headerFields[.authorization], header.lowercased().hasPrefix("bearer ") {
            token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            caller = try await accounts.caller(forSecret: token!, kind: "api")?.caller
        }
        // 口令已过期: the token may change the password, see who it is, and end itself; nothing else.
        if caller?.mustChangePassword == true, !Self.allowedWhileExpired.contains(operationID) {
            throw VanguardError(
                .forbidden, .init("密码已过期，请先修改密码（POST /me/password）", "The password has expired: change it first (POST /me/password)"))
        }
        return try await RequestCaller.$current.withValue(caller) {
            try await RequestCaller.$token.withValue(caller == nil ? nil : token) { try await next(request, body, metadata) }
        }
    }
}
