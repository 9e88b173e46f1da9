import CurlTiming
import NetAgentModuleKit

/// The http probe: the phases of HTTP(S) requests with curl's semantics, through libcurl.
///
/// Each attempt's sample is the total time; phases are cumulative from the attempt's start,
/// as `curl -w` prints them: dns, connect, tls (HTTPS only), ttfb (first byte), total.
struct HTTPProbe: Probe {
    struct Config: Decodable {
        /// "1.1" or "2"; curl chooses when absent.
        let httpVersion: String?
        /// Keep the connection between attempts, so later attempts time the request alone.
        let reuse: Bool?
        /// Check the server's certificate (default true).
        let verifyTLS: Bool?
        /// An extra CA bundle, for servers with a private CA.
        let caFile: String?

        enum CodingKeys: String, CodingKey {
            case reuse
            case httpVersion = "http_version"
            case verifyTLS = "verify_tls"
            case caFile = "ca_file"
        }
    }

    let info = ModuleInfo(
        name: "http", version: "1.0.0",
        summary: "HTTP(S) phases through libcurl: DNS, connect, TLS, time to first byte, total",
        config: Config.self,
        keys: [
            "http_version": ConfigKey("1.1 or 2 (HTTP/2 by ALPN over TLS, prior knowledge over cleartext); curl chooses when absent"),
            "reuse": ConfigKey("keep the connection between attempts to time requests without the handshake", default: "false"),
            "verify_tls": ConfigKey("check the server certificate; false for self-signed test servers", default: "true"),
            "ca_file": ConfigKey("an extra CA bundle (PEM) to trust"),
        ])

    func run(_ request: ProbeRequest, context: ModuleContext) throws -> [TargetResult] {
        let config = try request.config(as: Config.self)
        let version: Int32
        switch config.httpVersion {
        case nil: version = 0
        case "1.1": version = 11
        case "2":
            guard netagent_http_has_http2() == 1 else { throw ModuleError.unsupported("this libcurl was built without HTTP/2") }
            version = 2
        case let other?: throw ModuleError.invalid("http_version = \"\(other)\": use \"1.1\" or \"2\"")
        }
        // A malformed target is a mistake in the request, refused before anything is measured.
        for url in request.targets where !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
            throw ModuleError.invalid("target \"\(url)\": not an http:// or https:// URL")
        }
        var results: [TargetResult] = []
        var progress = ProgressCounter()
        for url in request.targets {
            guard
                let handle = netagent_http_new(
                    url, version, (config.reuse ?? false) ? 1 : 0,
                    (config.verifyTLS ?? true) ? 1 : 0, config.caFile, Int64(request.timeoutMS))
            else {
                throw ModuleError.failed("libcurl could not start")
            }
            defer { netagent_http_free(handle) }
            results.append(try measure(url, handle, request, context, progress: &progress))
        }
        progress.finish(context)
        return results
    }

    /// Measures one URL, counting each attempt in `progress`.
    private func measure(
        _ url: String, _ handle: OpaquePointer, _ request: ProbeRequest, _ context: ModuleContext, progress: inout ProgressCounter
    ) throws -> TargetResult {
        var result = TargetResult(target: url, samplesNS: [])
        var phases: [String: [Int64?]] = Dictionary(uniqueKeysWithValues: RequestPhases.order.map { ($0, []) })
        try Pacing.rounds(request.count, intervalMS: request.intervalMS, context) { _ in
            var timing = netagent_http_timing()
            if netagent_http_fetch(handle, &timing) != 0 {
                let message = withUnsafeBytes(of: timing.error) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if !result.errors.contains(message) { result.errors.append(message) }
                result.samplesNS.append(nil)
                for name in phases.keys { phases[name]!.append(nil) }
                progress.record(answered: false, context)
                return
            }
            result.samplesNS.append(timing.total_ns)
            progress.record(answered: true, context)
            phases[RequestPhases.dns]!.append(timing.dns_ns)
            phases[RequestPhases.connect]!.append(timing.connect_ns)
            phases[RequestPhases.tls]!.append(timing.tls_ns > 0 ? timing.tls_ns : nil)
            phases[RequestPhases.firstByte]!.append(timing.ttfb_ns)
            phases[RequestPhases.total]!.append(timing.total_ns)
            result.counters[ProbeCounters.status(Int(timing.status)), default: 0] += 1
            result.counters[ProbeCounters.httpVersion(Int(timing.http_version)), default: 0] += 1
            result.counters[ProbeCounters.bytes, default: 0] += Int(timing.bytes)
            if timing.cert_expiry > 0 {
                let known = result.counters[ProbeCounters.tlsCertificateExpiry] ?? Int.max
                result.counters[ProbeCounters.tlsCertificateExpiry] = min(known, Int(timing.cert_expiry))
            }
            if timing.status >= 400, !result.errors.contains("HTTP \(timing.status)") { result.errors.append("HTTP \(timing.status)") }
        }
        result.phasesNS = phases.filter { !$0.value.allSatisfy { $0 == nil } }
        return result
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.probe(HTTPProbe()) }
