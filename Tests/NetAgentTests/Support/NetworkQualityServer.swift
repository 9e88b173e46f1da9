import Foundation
import Glibc

/// A networkQuality server built from `contrib/network-quality` as its README says, in a network
/// namespace: Debian's nginx (TLS 1.3, HTTP/2) with the shipped server block, and nghttpd as the
/// upload sink on 127.0.0.1:4043. Its certificate is self-signed for `address`; clients trust it
/// through `caFile`. Both servers are killed when it is dropped.
final class NetworkQualityServer {
    let address: String
    let port: Int
    private let directory: TemporaryDirectory
    private var processes: [BackgroundProcess] = []

    /// The certificate to trust (the probe's `ca_file`, curl's `--cacert`).
    var caFile: String { directory.path + "/cert.pem" }
    /// The config URL: `/.well-known/nq`.
    var configURL: String { "https://\(address):\(port)/.well-known/nq" }
    var smallURL: String { "https://\(address):\(port)/files/small" }
    var largeURL: String { "https://\(address):\(port)/files/large" }
    var uploadURL: String { "https://\(address):\(port)/slurp" }

    static var contrib: String { TestEnvironment.packageRoot + "/contrib/network-quality/" }

    init(in namespace: NetworkNamespace, address: String, port: Int = 443) throws {
        self.address = address
        self.port = port
        directory = try TemporaryDirectory()
        let path = directory.path
        try Command.check([
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=\(address)", "-addext", "subjectAltName=IP:\(address)", "-keyout", path + "/key.pem", "-out", path + "/cert.pem",
        ])
        try FileManager.default.createDirectory(atPath: path + "/root/files", withIntermediateDirectories: true)
        // The large object: 8 GiB, sparse.
        guard FileManager.default.createFile(atPath: path + "/root/files/large", contents: nil),
            truncate(path + "/root/files/large", 8 << 30) == 0
        else { throw TestFailure("cannot make the large object: errno \(errno)") }
        try "x".write(toFile: path + "/root/files/small", atomically: false, encoding: .utf8)
        try "ok\n".write(toFile: path + "/root/slurp", atomically: false, encoding: .utf8)
        try render("config.json.in").write(toFile: path + "/root/config.json", atomically: false, encoding: .utf8)
        try render("nginx.conf").write(toFile: path + "/server.conf", atomically: false, encoding: .utf8)
        try """
        daemon off;
        master_process off;
        pid \(path)/nginx.pid;
        error_log \(path)/error.log warn;
        events { worker_connections 1024; }
        http {
            client_body_temp_path \(path)/body;
            proxy_temp_path \(path)/proxy;
            fastcgi_temp_path \(path)/fastcgi;
            uwsgi_temp_path \(path)/uwsgi;
            scgi_temp_path \(path)/scgi;
            include \(path)/server.conf;
        }

        """.write(toFile: path + "/nginx.conf", atomically: false, encoding: .utf8)
        processes.append(
            try BackgroundProcess(
                ["nghttpd", "--no-tls", "--address=127.0.0.1", "--htdocs=" + path + "/root", "4043"], namespace: namespace.name, settleMS: 0
            ))
        processes.append(
            try BackgroundProcess(["nginx", "-c", path + "/nginx.conf", "-p", path], namespace: namespace.name, settleMS: 0))
        try waitUntilServing(namespace)
    }

    deinit {
        for process in processes where process.isRunning { process.send(SIGKILL) }
    }

    /// A file of contrib/network-quality with its @...@ words replaced for this server.
    private func render(_ name: String) throws -> String {
        try String(contentsOfFile: Self.contrib + name, encoding: .utf8)
            .replacingOccurrences(of: "@SERVER_NAME@", with: address)
            .replacingOccurrences(of: "@PORT@", with: String(port))
            .replacingOccurrences(of: "@DIRECTORY@", with: directory.path)
    }

    /// Waits until nginx answers on its port (it starts within a few hundred milliseconds).
    private func waitUntilServing(_ namespace: NetworkNamespace) throws {
        for _ in 0..<50 {
            let probe = try Command.run(
                ["ip", "netns", "exec", namespace.name, "curl", "--silent", "--cacert", caFile, "--output", "/dev/null", configURL])
            if probe.status == 0 { return }
            guard processes.allSatisfy(\.isRunning) else { break }
            usleep(100_000)
        }
        let log = (try? String(contentsOfFile: directory.path + "/error.log", encoding: .utf8)) ?? ""
        throw TestFailure("the networkQuality server did not start: \(processes.map(\.stderr).joined()) \(log)")
    }
}
