import Foundation
import Glibc

/// Where the package and its built products are, and whether this run has root.
enum TestEnvironment {
    /// The package root, found from this file's path.
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The build folder holding `netagent` and the module libraries (the test binary's own folder).
    static let buildDirectory: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let path = String(decoding: buffer[0..<max(length, 0)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var url = URL(fileURLWithPath: path).deletingLastPathComponent()
        if url.lastPathComponent.hasSuffix(".xctest") { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The built `netagent` program.
    static var netagent: String { buildDirectory + "/netagent" }

    /// The directory of `module.h`.
    static var includeDirectory: String { packageRoot + "/Sources/CNetAgent/include" }

    /// True when running as root, which the namespace, trust and chattr tests need.
    static let isRoot = geteuid() == 0

    /// A name no other test or run uses: for namespaces, interfaces and files.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max) % 100_000)"
    }
}
