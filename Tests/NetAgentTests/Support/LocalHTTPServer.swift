import Foundation

/// Tests/Fixtures/http_server.py running on loopback for one test: HTTP, or HTTPS with a
/// self-signed certificate made for 127.0.0.1, answering after a fixed delay.
final class LocalHTTPServer {
    let process = Process()
    let port: Int
    /// The certificate (PEM) when serving HTTPS, usable as a CA file.
    let certificate: String?
    private let files: TemporaryDirectory

    init(delayMS: Int, tls: Bool = false) throws {
        files = try TemporaryDirectory()
        var arguments = [TestEnvironment.packageRoot + "/Tests/Fixtures/http_server.py", "\(delayMS)"]
        if tls {
            let certificate = files.path + "/cert.pem"
            let key = files.path + "/key.pem"
            // ECDSA: a cheap handshake, so a busy machine adds less noise to the timing comparison.
            try Command.check([
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", key, "-out", certificate,
            ])
            arguments += [certificate, key]
            self.certificate = certificate
        } else {
            certificate = nil
        }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw TestFailure("the HTTP test server did not start") }
        self.port = port
    }

    var url: String { "\(certificate == nil ? "http" : "https")://127.0.0.1:\(port)/" }

    /// SIGKILL, not terminate(): the test runner's threads block SIGTERM, and a child spawned
    /// from one inherits the blocked mask, so SIGTERM would never arrive.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
