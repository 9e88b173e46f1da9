import CNetAgent
import FoundationEssentials
import Glibc
import Logging
import NetAgentJSON
import Synchronization

/// A module that passed every load check, with typed wrappers around its ABI calls.
///
/// Calls are serialized by a lock unless the module declares itself thread-safe.
public final class LoadedModule: @unchecked Sendable {
    /// The module's unique name.
    public let name: String
    public let kind: ModuleKind
    public let version: String
    public let summary: String
    /// JSON Schema of its config table, or nil.
    public let configSchema: String?
    /// The file it was loaded from.
    public let path: String
    /// The `struct_size` its descriptor declared.
    public let structSize: UInt32

    private let descriptor: netagent_module
    /// True when the module allows concurrent calls; otherwise `callLock` serializes them.
    public let threadSafe: Bool
    /// True when the probe measures all the targets of a round at once.
    public let targetsAtOnce: Bool
    /// True when the probe opens raw sockets: its helper keeps `CAP_NET_RAW` when it drops root.
    public let needsRawSockets: Bool
    private let callLock = Mutex(())

    init(descriptor: netagent_module, path: String, structSize: UInt32) {
        self.descriptor = descriptor
        self.path = path
        self.structSize = structSize
        name = String(cString: descriptor.name)
        kind = descriptor.kind == UInt32(NETAGENT_KIND_TUNER) ? .tuner : .probe
        version = descriptor.version.map { String(cString: $0) } ?? ""
        summary = descriptor.summary.map { String(cString: $0) } ?? ""
        configSchema = descriptor.config_schema.map { String(cString: $0) }
        threadSafe = descriptor.flags & NETAGENT_FLAG_THREAD_SAFE != 0
        targetsAtOnce = descriptor.flags & NETAGENT_FLAG_TARGETS_AT_ONCE != 0
        needsRawSockets = descriptor.flags & NETAGENT_FLAG_NEEDS_RAW_SOCKETS != 0
    }

    /// The knobs the tuner wants for `profile` and its config table.
    func plan(profile: Profile, config: [String: JSONValue], services: HostServices) throws -> [WireKnob] {
        let request = try ModuleCall.encode(WirePlanRequest(profile: profile, config: config))
        let json = try callReturningString("plan", services) { context, services, out, message in
            descriptor.plan!(context, services, request, out, message)
        }
        guard let json else { throw ModuleCallError(module: name, call: "plan", message: "returned OK but no JSON") }
        return try ModuleCall.decode(WirePlanAnswer.self, json, module: name, call: "plan").knobs
    }

    /// The knob's current value, nil when absent.
    func read(key: String, services: HostServices) throws -> String? {
        try callReturningString("read", services) { context, services, out, message in
            descriptor.read!(context, services, key, out, message)
        }
    }

    /// Sets the knob; nil makes it absent.
    func write(key: String, value: String?, services: HostServices) throws {
        _ = try callReturningString("write", services) { context, services, _, message in
            descriptor.write!(context, services, key, value, message)
        }
    }

    /// Runs the probe with a request (JSON text) and returns its answer as it is, unchecked.
    /// `ModuleHostProcess` calls this in a helper process and checks the text in the host.
    func runReturningJSON(requestJSON: String, services: HostServices) throws -> String {
        let json = try callReturningString("run", services) { context, services, out, message in
            descriptor.run!(context, services, requestJSON, out, message)
        }
        guard let json else { throw ModuleCallError(module: name, call: "run", message: "returned OK but no JSON") }
        return json
    }

    /// Makes one call, takes ownership of the strings it returns and frees them with the module's `free_string`.
    private func callReturningString(
        _ call: String, _ services: HostServices,
        _ body: (
            UnsafeMutableRawPointer?, UnsafePointer<netagent_services>,
            UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
            UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
        ) -> Int32
    ) throws -> String? {
        var output: UnsafeMutablePointer<CChar>?
        var message: UnsafeMutablePointer<CChar>?
        let status = ModuleCallGuard.during("module \(name) was in its \(call) call") {
            services.withPointer { pointer in
                if threadSafe { return body(descriptor.module_ctx, pointer, &output, &message) }
                return callLock.withLock { _ in body(descriptor.module_ctx, pointer, &output, &message) }
            }
        }
        let outputText = output.map { String(validatingCString: $0) }
        let messageText = message.map { String(validatingCString: $0) ?? "(a message that is not valid UTF-8)" }
        if let output { descriptor.free_string(descriptor.module_ctx, output) }
        if let message { descriptor.free_string(descriptor.module_ctx, message) }
        if case .some(nil) = outputText {
            throw ModuleCallError(module: name, call: call, status: status, message: "returned text that is not valid UTF-8")
        }
        guard status == NETAGENT_OK else { throw ModuleCallError(module: name, call: call, status: status, message: messageText) }
        return outputText ?? nil
    }
}
