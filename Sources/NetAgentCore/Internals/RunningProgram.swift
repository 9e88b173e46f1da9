import Glibc

/// The program running now: netagent itself, which also serves as the helper (`module-host`).
public enum RunningProgram {
    /// Its path, from `/proc/self/exe`.
    public static func path() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
