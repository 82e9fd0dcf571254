import HTTPTypes
import Hummingbird
import VanguardStore

/// 读写分离: with a read replica, each request's reads may go to it (`ReadRouting`). The client's last
/// write travels with it as the WAL position it reached — a cookie for browsers, the `Vanguard-LSN`
/// header for scripts — so a page after a form, or a GET after a POST, reads what it wrote: the replica
/// answers once it has replayed that far, the primary until then. The cookie lasts a minute; a replica
/// further behind than that is a failure the operator sees in the lag (docs/scaling.md).
struct ReadRoutingMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let cookieName = "vanguard_lsn"
    static let header = HTTPField.Name("Vanguard-LSN")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Hostile input: at most 17 characters of `X/Y` hex, or ignored.
        let given = request.headers[Self.header] ?? request.cookies[Self.cookieName]?.value
        let floor = given.flatMap { $0.utf8.count <= 17 ? WALPosition(Substring($0)) : nil }
        let routing = ReadRouting(floor: floor)
        var response = try await ReadRouting.$current.withValue(routing) { try await next(request, context) }
        if let written = routing.written {
            response.headers[Self.header] = written.description
            response.setCookie(
                Cookie(
                    name: Self.cookieName, value: written.description, maxAge: 60, path: "/", secure: context.secureTransport, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
