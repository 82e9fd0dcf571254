import Foundation
import HTTPTypes
import OpenAPIRuntime
import VanguardStore

/// Reads `Authorization: Bearer …` and runs the handler with that caller; an unknown or expired
/// token leaves the caller unset, so handlers that need one answer 401.
struct BearerAuthMiddleware: ServerMiddleware {
    let accounts: AccountService

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
        return try await RequestCaller.$current.withValue(caller) {
            try await RequestCaller.$token.withValue(caller == nil ? nil : token) { try await next(request, body, metadata) }
        }
    }
}
