import CNetAgent

/// A module call that did not succeed, naming the module, the call and the status, whether the
/// module ran in this process or in a helper. `NETAGENT_UNSUPPORTED` is one of them: not a
/// failure but "not on this host", which callers report as such (`isUnsupported`).
public struct ModuleCallError: Error, CustomStringConvertible {
    public let module: String
    public let call: String
    public let status: Int32
    public let message: String?

    init(module: String, call: String, status: Int32 = NETAGENT_ERROR, message: String?) {
        self.module = module
        self.call = call
        self.status = status
        self.message = message
    }

    /// True when the module answered `NETAGENT_UNSUPPORTED`: this host cannot take it.
    public var isUnsupported: Bool { status == NETAGENT_UNSUPPORTED }

    /// Why this host cannot take it, for an unsupported answer.
    public var reason: String { message ?? "not supported on this host" }

    public var description: String {
        "module \(module): \(call) failed (\(String(cString: netagent_status_string(status))))"
            + (message.map { ": \($0)" } ?? "")
    }
}
