/// The host's checks on every knob key and value a module hands it, before any read or write.
///
/// Keys are the module's own strings, but they often become paths, so the host refuses what
/// could escape the root or confuse a file: `..`, NUL and control characters. Values may not
/// contain NUL, and may contain a newline only for `file:` keys, whose value is a file's content.
public enum KnobKey {
    /// The longest key accepted, in bytes.
    public static let maxKeyLength = 4096
    /// The largest value accepted, in bytes.
    public static let maxValueLength = 1 << 20

    /// Throws unless `key` is acceptable; the message names the key and the module.
    public static func validate(key: String, module: String) throws {
        let bytes = Array(key.utf8)
        guard !bytes.isEmpty, bytes.count <= maxKeyLength else {
            throw NetAgentError("module \(module) gave a knob key of \(bytes.count) bytes; keys are 1 to \(maxKeyLength) bytes")
        }
        if let control = bytes.first(where: { $0 < 0x20 || $0 == 0x7f }) {
            throw NetAgentError(
                "module \(module) gave knob key \(key.debugDescription) with control byte 0x\(String(control, radix: 16)); refused")
        }
        if key.contains("..") {
            throw NetAgentError(
                "module \(module) gave knob key \"\(key)\" containing \"..\"; refused, as it could name a path outside the root")
        }
    }

    /// Throws unless `value` is acceptable for `key`.
    public static func validate(value: String?, key: String, module: String) throws {
        guard let value else { return }
        let bytes = Array(value.utf8)
        guard bytes.count <= maxValueLength else {
            throw NetAgentError("module \(module): value for \(key) is \(bytes.count) bytes; at most \(maxValueLength) are accepted")
        }
        if bytes.contains(0) {
            throw NetAgentError("module \(module): value for \(key) contains a NUL byte; refused")
        }
        if !key.hasPrefix("file:") && (bytes.contains(0x0a) || bytes.contains(0x0d)) {
            throw NetAgentError("module \(module): value for \(key) contains a newline; only file: knobs take multi-line values")
        }
    }
}
