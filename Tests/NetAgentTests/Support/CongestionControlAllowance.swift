import Foundation
import Synchronization

/// A network namespace may choose only congestion control algorithms in the init namespace's
/// `tcp_allowed_congestion_control`. Tests that set bbr or cubic inside namespaces share one
/// allowance: the first adds both to the list, the last puts the list back as it was.
enum CongestionControlAllowance {
    private static let allowedPath = "/proc/sys/net/ipv4/tcp_allowed_congestion_control"
    private static let availablePath = "/proc/sys/net/ipv4/tcp_available_congestion_control"
    private static let users = Mutex<(count: Int, original: String)>((0, ""))

    /// Runs `body` with bbr and cubic allowed in new network namespaces.
    static func withBBR(_ body: () throws -> Void) throws {
        try users.withLock { state in
            if state.count == 0 {
                if try !String(contentsOfFile: availablePath, encoding: .utf8).contains("bbr") {
                    _ = try Command.run(["modprobe", "tcp_bbr"])
                }
                state.original = try String(contentsOfFile: allowedPath, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                try (state.original + " bbr cubic").write(toFile: allowedPath, atomically: false, encoding: .utf8)
            }
            state.count += 1
        }
        defer {
            users.withLock { state in
                state.count -= 1
                if state.count == 0 { try? state.original.write(toFile: allowedPath, atomically: false, encoding: .utf8) }
            }
        }
        try body()
    }
}
