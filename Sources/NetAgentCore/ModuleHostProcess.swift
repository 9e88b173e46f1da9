import CNetAgent
import FoundationEssentials
import Glibc
import Logging

/// Runs a probe module in a helper process: `netagent module-host`, the same program started
/// again over pipes, one process per module run. A probe that crashes (SIGSEGV, abort), calls
/// exit(), hangs past its deadline or prints garbage costs only its own result.
///
/// Tuners stay in the host: they make only small, short calls (read, write one knob) inside a
/// transaction whose journal outlives any crash, and a helper process per knob would cost more
/// than the isolation buys; see docs/writing-modules.md.
public enum ModuleHostProcess {
    /// What the helper prints on standard output: the module's answer or why there is none.
    public struct Envelope: Codable, Sendable {
        /// The module's JSON answer, unchecked, when the call succeeded.
        public var json: String?
        /// Why the call failed, when it did: the module's own message when it returned a status.
        public var error: String?
        /// The `NETAGENT_*` status the module returned, when the module itself failed the call;
        /// absent when the helper could not get that far (load failure).
        public var status: Int32?

        public init(json: String? = nil, error: String? = nil, status: Int32? = nil) {
            self.json = json
            self.error = error
            self.status = status
        }
    }

    /// The largest answer read from a helper; more is refused as garbage.
    static let maximumOutput = 64 << 20
    /// Time allowed beyond the module's own deadline for the helper to start, load and exit.
    static let graceMS = 3000

    /// Runs `module`'s probe with `requestJSON` in a helper and returns its raw results, or throws
    /// an error naming the module and what happened to the helper.
    static func run(_ module: LoadedModule, requestJSON: String, timeoutMS: Int, context: HostContext) throws -> [RawTargetResult] {
        let arguments = [ModuleSearchPath.executablePath(), "module-host", "--module", module.path, "--name", module.name,
                         "--root", context.root, "--timeout-ms", "\(timeoutMS)"]
        let outcome = try HelperProcess.run(arguments, input: Array(requestJSON.utf8),
                                            deadlineMS: timeoutMS + graceMS, maximumOutput: maximumOutput)
        let name = module.name
        switch outcome.ending {
        case .timedOut:
            throw NetAgentError("probe \(name) did not finish within its deadline (\(timeoutMS) ms plus \(graceMS) ms); its helper process was killed")
        case .signalled(let signal):
            throw NetAgentError("probe \(name) crashed: its helper process died of \(signalName(signal)); the other probes are unaffected")
        case .tooMuchOutput:
            throw NetAgentError("probe \(name) wrote more than \(maximumOutput >> 20) MiB; its answer was refused")
        case .exited(let code):
            guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(outcome.output)) else {
                throw NetAgentError(code == 0
                    ? "probe \(name)'s helper process printed something that is not its answer"
                    : "probe \(name) ended its process with exit status \(code) (a module must return a status, never exit)")
            }
            if let status = envelope.status {
                throw ModuleCallError(module: name, call: "run", status: status, message: envelope.error)
            }
            if let error = envelope.error { throw NetAgentError(error) }
            guard let json = envelope.json else { throw NetAgentError("probe \(name)'s helper process gave no answer") }
            return try module.decodeRun(json)
        }
    }

    /// "SIGSEGV (signal 11)".
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS", SIGFPE: "SIGFPE",
                                      SIGILL: "SIGILL", SIGKILL: "SIGKILL", SIGTERM: "SIGTERM", SIGTRAP: "SIGTRAP"]
        return "\(names[signal] ?? "signal") (signal \(signal))"
    }

    /// The helper's side: loads one module file, runs its probe with the request read from
    /// standard input, and prints the envelope. Used by `netagent module-host`.
    public static func serve(modulePath: String, expectedName: String, root: String, timeoutMS: Int, logger: Logger) -> Envelope {
        do {
            let module = try ModuleLoader.loadOne(modulePath)
            guard module.name == expectedName else {
                return Envelope(error: "\(modulePath) is now module \(module.name), not \(expectedName); it changed after it was listed")
            }
            var input: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(0, &buffer, buffer.count)
                if count <= 0 { break }
                input += buffer[0..<count]
            }
            let context = try HostContext(logger: logger, root: root)
            let json = try module.runReturningJSON(
                requestJSON: String(decoding: input, as: UTF8.self), services: context.services(for: module, timeoutMS: timeoutMS))
            return Envelope(json: json)
        } catch let error as ModuleCallError {
            return Envelope(error: error.message, status: error.status)
        } catch let unsupported as KnobUnsupported {
            return Envelope(error: unsupported.reason, status: NETAGENT_UNSUPPORTED)
        } catch {
            return Envelope(error: "\(error)")
        }
    }
}
