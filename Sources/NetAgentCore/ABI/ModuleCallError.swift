import CNetAgent
import FoundationEssentials

/// A module call that returned `NETAGENT_UNSUPPORTED`: not a failure, reported as such.
struct KnobUnsupported: Error {
    let reason: String
}

/// A module call that failed, naming the module, the call and the status.
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

    /// Decodes a module's JSON answer, or throws naming the module and the call.
    static func decode<Response: Decodable>(_ type: Response.Type, _ json: String, module: String, call: String) throws -> Response {
        do {
            return try JSONDecoder().decode(type, from: Data(json.utf8))
        } catch {
            throw ModuleCallError(module: module, call: call, message: "returned JSON the host cannot read: \(error)")
        }
    }

    public var description: String {
        "module \(module): \(call) failed (\(String(cString: netagent_status_string(status))))"
            + (message.map { ": \($0)" } ?? "")
    }
}
