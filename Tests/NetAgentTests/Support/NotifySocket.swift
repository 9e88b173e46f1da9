import Foundation
import Glibc

/// A unix datagram socket standing in for systemd's notification socket: a test passes its
/// path as `$NOTIFY_SOCKET` and reads what the service sends.
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(in directory: TemporaryDirectory) throws {
        path = directory.path + "/notify"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard fd >= 0, bound == 0 else { throw TestFailure("cannot bind \(path): \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    /// The next datagram within `timeoutMS`, nil when none came.
    func receive(timeoutMS: Int) -> String? {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, Int32(timeoutMS)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }

    /// Datagrams until one contains `line`, within `timeoutMS`: all of them, the matching one last.
    func receive(until line: String, timeoutMS: Int) -> [String] {
        var messages: [String] = []
        let deadline = Date().addingTimeInterval(Double(timeoutMS) / 1000)
        while Date() < deadline, let message = receive(timeoutMS: max(1, Int(deadline.timeIntervalSinceNow * 1000))) {
            messages.append(message)
            if message.split(separator: "\n").contains(Substring(line)) { break }
        }
        return messages
    }
}
