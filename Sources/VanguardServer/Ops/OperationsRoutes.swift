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

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in "ok" }
        router.get("/readyz") { _, _ -> Response in
            do {
                _ = try await vanguard.backend.read { db in try await db.raw("SELECT 1 AS one").all() }
                return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ready")))
            } catch {
                return Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "database unavailable")))
            }
        }
        router.get("/metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: Observability.registry.emitToBuffer())))
        }
        router.get("/api/openapi.yaml") { _, _ -> Response in
            guard let spec = APISpec.yaml() else { return Response(status: .notFound) }
            var headers = HTTPFields()
            headers[.contentType] = "application/yaml; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: spec)))
        }
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
