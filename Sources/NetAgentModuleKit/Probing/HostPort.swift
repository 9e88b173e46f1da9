/// A `host:port` or `[v6-address]:port` target.
public struct HostPort: Equatable, Sendable {
    public let host: String
    public let port: UInt16

    /// Parses `text`; `ModuleError.invalid` names the target when it is not host:port.
    public init(parsing text: String) throws {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ModuleError.invalid("target \"\(text)\": write an IPv6 target as [address]:port")
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw ModuleError.invalid("target \"\(text)\": expected host:port (IPv6 as [address]:port)")
            }
            host = parts[0]
            port = parts[1]
        }
        guard !host.isEmpty, let number = UInt16(port), number > 0 else {
            throw ModuleError.invalid("target \"\(text)\": expected host:port with a port from 1 to 65535")
        }
        self.host = String(host)
        self.port = number
    }
}
