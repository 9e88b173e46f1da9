import Foundation

/// Instant queries against a Prometheus server a test started on 127.0.0.1.
enum PrometheusQuery {
    /// The series of `expression`'s result (each with `metric` and `value`), asked over the
    /// HTTP API at `port`, from inside `namespace` when given; empty when the server gives none.
    static func series(_ expression: String, port: Int, namespace: String? = nil) throws -> [[String: Any]] {
        let prefix = namespace.map { ["ip", "netns", "exec", $0] } ?? []
        let result = try Command.run(
            prefix + [
                "curl", "-s", "--max-time", "5", "--get", "--data-urlencode", "query=\(expression)",
                "http://127.0.0.1:\(port)/api/v1/query",
            ])
        let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (json?["data"] as? [String: Any])?["result"] as? [[String: Any]] ?? []
    }
}
