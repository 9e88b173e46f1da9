import Glibc

/// A system call that failed: what was being done, to which path, and the errno.
public struct SystemCallError: Error, CustomStringConvertible, Equatable {
    /// What was being done, as a verb: "open", "rename onto", "list".
    public let operation: String
    public let path: String
    /// The errno the call set.
    public let code: Int32

    public init(_ operation: String, _ path: String, code: Int32 = errno) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    /// "open /etc/x: Permission denied".
    public var description: String { "\(operation) \(path): \(String(cString: strerror(code)))" }
}
