import Foundation
import Hummingbird
import Metrics
import NIOConcurrencyHelpers
import Prometheus
import VanguardAPI
import VanguardStore

/// What operators and load balancers read: liveness, readiness (the database answers), Prometheus
/// metrics, and the API contract.
struct OperationsRoutes {
    let vanguard: Vanguard
    let metricsToken: String?

    func register(on router: Router<AppRequestContext>) {
        router.get(WebRoute.healthz.path) { _, _ in "ok" }
        router.get(WebRoute.readyz.path) { _, _ -> Response in
            do {
                _ = try await vanguard.backend.read { db in try await db.raw("SELECT 1 AS one").all() }
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready")))
            } catch {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "database unavailable")))
            }
        }
        router.get(WebRoute.metrics.path) { request, context -> Response in
            // Counters reveal activity (logins, ballots): loopback only, or with the operator's token.
            guard Self.mayReadMetrics(request, context, token: metricsToken) else { return Response(status: .notFound) }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
        }
        router.get(WebRoute.openAPI.path) { _, _ -> Response in
            guard let spec = APISpec.yaml() else { return Response(status: .notFound) }
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: spec)))
        }
    }
}

extension OperationsRoutes {
    static func mayReadMetrics(_ request: Request, _ context: AppRequestContext, token: String?) -> Bool {
        if let token, !token.isEmpty, let header = request.headers[.authorization], header.hasPrefix("Bearer ") {
            return ConstantTime.equal(String(header.dropFirst(7)), token)
        }
        // A request forwarded by a proxy on this machine is not the operator's own.
        guard request.headers[.xForwardedFor] == nil else { return false }
        let address = context.clientAddress
        // "unknown": a request without a socket, as the tests' router client sends it.
        return address == "::1" || address.hasPrefix("127.") || address == "unknown"
    }
}

/// Compares secrets in time independent of where they differ.
enum ConstantTime {
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}

/// The process-wide metrics registry. swift-metrics can be bootstrapped once per process, so the
/// first application to start does it and later ones (tests) share it.
public enum Observability {
    public static let registry = PrometheusCollectorRegistry()
    private static let bootstrapped = NIOLockedValueBox(false)

    public static func bootstrapMetrics() {
        bootstrapped.withLockedValue { done in
            guard !done else { return }
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
            done = true
        }
    }
}
