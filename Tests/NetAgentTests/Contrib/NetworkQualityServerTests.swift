import Foundation
import Testing

/// contrib/network-quality, set up as its README says (Debian's nginx and nghttpd in one
/// namespace), checked with curl from the other: what the responsiveness probe's https://
/// targets need from a server.
@Suite(.enabled(if: TestEnvironment.isRoot, "needs root for network namespaces"))
struct NetworkQualityServerTests {
    let pair: NamespacePair
    let server: NetworkQualityServer

    init() throws {
        pair = try NamespacePair()
        server = try NetworkQualityServer(in: pair.far, address: NamespacePair.farAddresses[0])
    }

    /// curl in the near namespace, trusting the server's certificate, over HTTP/2 and TLS 1.3.
    func curl(_ arguments: [String]) throws -> CommandResult {
        try Command.run(
            ["ip", "netns", "exec", pair.near.name, "curl", "--silent", "--show-error", "--http2", "--tlsv1.3", "--cacert", server.caFile]
                + arguments)
    }

    @Test func theConfigNamesTheThreeURLsUnderBothKeySetsAllOnItsOwnHost() throws {
        let result = try curl(["--write-out", "\n%{http_version}", server.configURL])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.last == "2", "served over HTTP/2")
        let object = try JSONSerialization.jsonObject(with: Data(lines.dropLast().joined(separator: "\n").utf8)) as? [String: Any]
        let urls = try #require(object?["urls"] as? [String: String])
        #expect(urls["large_https_download_url"] == server.largeURL && urls["large_download_url"] == server.largeURL)
        #expect(urls["small_https_download_url"] == server.smallURL && urls["small_download_url"] == server.smallURL)
        #expect(urls["https_upload_url"] == server.uploadURL && urls["upload_url"] == server.uploadURL)
        #expect(Set(urls.values.compactMap { URL(string: $0)?.host }) == [server.address])
    }

    @Test func theSmallObjectIsOneByteAndTheLargeOneOutlastsAnyRun() throws {
        let small = try curl(["--output", "/dev/null", "--write-out", "%{http_code} %{size_download}", server.smallURL])
        #expect(small.stdout == "200 1", "\(small.stderr)")
        let head = try curl(["--head", server.largeURL])
        #expect(head.stdout.lowercased().contains("content-length: 8589934592"), "\(head.stdout)")
        // One second of download: it is still going when the time is up (curl's exit status 28).
        let download = try curl(["--output", "/dev/null", "--max-time", "1", "--write-out", "%{size_download}", server.largeURL])
        #expect(download.status == 28)
        #expect((Int(download.stdout) ?? 0) > 1 << 20, "\(download.stdout) bytes")
    }

    /// nginx alone would answer the POST and reset the stream; the sink reads the body to its end.
    @Test func anEndlessUploadGoesOnUntilTheClientStops() throws {
        let upload = try curl([
            "--upload-file", "/dev/zero", "--request", "POST", "--output", "/dev/null", "--max-time", "2",
            "--write-out", "%{size_upload}", server.uploadURL,
        ])
        #expect(upload.status == 28, "the upload was still going after 2 s: \(upload.stderr)")
        #expect((Int(upload.stdout) ?? 0) > 1 << 20, "\(upload.stdout) bytes")
    }
}
