import Hummingbird
import NetAgentCore

/// The agent's HTTP routes: `GET /metrics` (Prometheus text, or OpenMetrics when the scraper's
/// `Accept` asks for it) and `GET /healthz` (200 while the scheduler runs, 503 otherwise).
enum MetricsEndpoint {
    static func router(metrics: AgentMetrics, loop: AgentService.Loop) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/metrics") { request, _ -> Response in
            // Searched as UTF-8 bytes: String.contains(String) would resolve to Foundation's.
            let openMetrics = request.headers[values: .accept].contains { $0.utf8.contains("application/openmetrics-text".utf8) }
            let exposition = metrics.exposition()
            return Response(
                status: .ok,
                headers: [.contentType: openMetrics ? ExpositionText.openMetricsContentType : ExpositionText.prometheusContentType],
                body: .init(byteBuffer: ByteBuffer(bytes: openMetrics ? ExpositionText.openMetrics(exposition) : exposition)))
        }
        router.get("/healthz") { _, _ -> Response in
            let healthy = await loop.isHealthy()
            return Response(
                status: healthy ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: healthy ? "ok\n" : "stopping or stalled\n")))
        }
        return router
    }
}
