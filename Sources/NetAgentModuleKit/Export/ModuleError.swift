import CNetAgent

/// An error a module throws; the kit turns it into a `NETAGENT_*` status and message.
public enum ModuleError: Error, Equatable {
    /// Not applicable on this host, such as a knob the kernel lacks (`NETAGENT_UNSUPPORTED`).
    case unsupported(String)
    /// The host passed something the module cannot accept (`NETAGENT_INVALID`).
    case invalid(String)
    /// The module lacks the privilege (`NETAGENT_PERMISSION`).
    case permission(String)
    /// The deadline passed or the host cancelled (`NETAGENT_CANCELLED`).
    case cancelled(String)
    /// Anything else (`NETAGENT_ERROR`).
    case failed(String)

    /// The status code that crosses the ABI.
    var status: Int32 {
        switch self {
        case .unsupported: NETAGENT_UNSUPPORTED
        case .invalid: NETAGENT_INVALID
        case .permission: NETAGENT_PERMISSION
        case .cancelled: NETAGENT_CANCELLED
        case .failed: NETAGENT_ERROR
        }
    }

    /// The message that crosses the ABI.
    public var message: String {
        switch self {
        case .unsupported(let text), .invalid(let text), .permission(let text),
            .cancelled(let text), .failed(let text):
            text
        }
    }
}
