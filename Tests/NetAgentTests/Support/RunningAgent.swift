import Foundation
import Glibc

/// `netagent agent` started by a test inside a network namespace, with its config and state in
/// a temporary directory, listening on 127.0.0.1:19987 of that namespace.
final class RunningAgent {
    static let port = 19987
    let namespace: NetworkNamespace
    let directory: TemporaryDirectory
    let process: BackgroundProcess

    /// Writes `config` (an `[agent]` table with `listen` is added unless it has one) to
    /// `directory` (a new one by default), whose `state` is the state directory, and starts the
    /// agent with `arguments` and `environment`; waits until /healthz answers.
    init(
        config: String, in namespace: NetworkNamespace, arguments: [String] = [], environment: [String: String] = [:],
        waitForHealth: Bool = true, directory: TemporaryDirectory? = nil
    ) throws {
        self.namespace = namespace
        self.directory = try directory ?? TemporaryDirectory()
        let agentTable = config.contains("[agent]") ? "" : "\n[agent]\n"
        var text = config + agentTable
        if !text.contains("listen =") {
            text = text.replacingOccurrences(of: "[agent]\n", with: "[agent]\nlisten = \"127.0.0.1:\(Self.port)\"\n")
        }
        try self.directory.write("netagent.toml", text)
        process = try BackgroundProcess(
            [
                TestEnvironment.netagent, "agent", "--config", self.directory.path + "/netagent.toml", "--state-dir",
                self.directory.path + "/state",
            ]
                + arguments, namespace: namespace.name, environment: environment, settleMS: 0)
        if waitForHealth { try waitUntilHealthy() }
    }

    /// Polls /healthz for up to 15 s.
    func waitUntilHealthy() throws {
        for _ in 0..<150 {
            if (try? get("/healthz").status) == 200 { return }
            if !process.isRunning { throw TestFailure("the agent exited: \(process.stderr)") }
            usleep(100_000)
        }
        throw TestFailure("the agent did not answer /healthz: \(process.stderr)")
    }

    /// GET `path` from inside the namespace with curl: the HTTP status, the headers and the body.
    func get(_ path: String, accept: String? = nil) throws -> (status: Int, headers: String, body: String) {
        let headers = directory.path + "/headers-\(UUID().uuidString)"
        let result = try Command.run(
            ["ip", "netns", "exec", namespace.name, "curl", "-s", "--max-time", "5", "-D", headers, "-o", "-", "-w", "\n%{http_code}"]
                + (accept.map { ["-H", "Accept: \($0)"] } ?? []) + ["http://127.0.0.1:\(Self.port)\(path)"])
        let text = result.stdout
        let status = Int(text.split(separator: "\n").last ?? "") ?? 0
        let body = String(text.dropLast(text.split(separator: "\n").last?.count ?? 0).dropLast())
        let headerText = (try? String(contentsOfFile: headers, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: headers)
        return (status, headerText, body)
    }

    /// The value of the sample `series` (as written in the exposition, labels included), nil when absent.
    func metric(_ series: String) throws -> Double? {
        let body = try get("/metrics").body
        return body.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    /// Polls `condition` every 100 ms for up to `timeoutMS`; true when it held.
    func eventually(timeoutMS: Int, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeoutMS) / 1000)
        while Date() < deadline {
            if try condition() { return true }
            usleep(100_000)
        }
        return try condition()
    }
}
