import FoundationEssentials
import Glibc
import NetAgentCore

/// The JSON printed for a failed command.
struct ErrorReport: Encodable {
    let error: String
    let exitCode: Int32
    enum CodingKeys: String, CodingKey {
        case error
        case exitCode = "exit_code"
    }
}
