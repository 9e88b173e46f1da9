/// Runs a probe module in a helper process (Isolation/: `HelperCommandLine`, `HelperProcess`, or
/// for the agent one kept per module, `PersistentHelper`; the helper's side is `HelperServer`)
/// and turns how the helper ended into the probe's results or an error that names it. A probe
/// that crashes (SIGSEGV, abort), calls exit(), hangs past its deadline or prints garbage costs
/// only its own result. Run as root, the helper gives root up once its module is loaded, before
/// it reads a request (`PrivilegeDrop`): it parses what remote hosts send, so it runs as
/// `netagent` (else `nobody`) with no_new_privs and no capability but `CAP_NET_RAW` for a probe
/// that declares raw sockets.
///
/// Tuners stay in the host: they make only small, short calls (read, write one knob) inside a
/// transaction whose journal outlives any crash, and a helper process per knob would cost more
/// than the isolation buys; see docs/writing-modules.md.
public enum ModuleHostProcess {
    /// Time allowed beyond the module's own deadline for the helper to start, load and exit.
    static let graceMS = 3000

    /// Runs `module`'s probe with `requestJSON` in a helper (one of `helpers` when given, else
    /// a new one) and returns its raw results, or throws an error naming the module and what
    /// happened to the helper.
    static func run(
        _ module: AvailableModule, requestJSON: String, timeoutMS: Int, context: HostContext, helpers: PersistentHelpers? = nil
    ) throws -> [RawTargetResult] {
        let outcome: HelperProcess.Outcome
        let deadlineMS = timeoutMS + graceMS
        if let helpers {
            let arguments = HelperCommandLine.serve(
                modulePath: module.path, name: module.name, root: context.root, helperPath: context.helperPath)
            outcome = try helpers.helper(for: arguments).call(
                HelperRequest(request: requestJSON, timeoutMS: timeoutMS), deadlineMS: deadlineMS,
                maximumOutput: HelperProcess.maximumOutput)
        } else {
            let arguments = HelperCommandLine.probe(
                modulePath: module.path, name: module.name, root: context.root, timeoutMS: timeoutMS,
                progress: context.probeProgress != nil, helperPath: context.helperPath)
            outcome = try HelperProcess.run(
                arguments, input: Array(requestJSON.utf8), deadlineMS: deadlineMS, maximumOutput: HelperProcess.maximumOutput,
                progress: context.probeProgress)
        }
        let name = module.name
        switch outcome.ending {
        case .timedOut:
            throw NetAgentError(
                "probe \(name) did not finish within its deadline (\(timeoutMS) ms plus \(graceMS) ms); its helper process was killed")
        case .signalled(let signal):
            throw NetAgentError(
                "probe \(name) crashed: its helper process died of \(HelperProcess.Ending.signalName(signal)); the other probes are unaffected"
            )
        case .tooMuchOutput:
            throw NetAgentError("probe \(name) wrote more than \(HelperProcess.maximumOutput >> 20) MiB; its answer was refused")
        case .exited(let code):
            guard case .answer(let answer, _) = HelperAnswer.read(from: outcome.output) else {
                throw NetAgentError(
                    code == 0
                        ? "probe \(name)'s helper process ended without an answer"
                        : "probe \(name) ended its process with exit status \(code) (a module must return a status, never exit)")
            }
            if let status = answer.status {
                throw ModuleCallError(module: name, call: "run", status: status, message: answer.error)
            }
            if let error = answer.error { throw NetAgentError(error) }
            guard let json = answer.json else { throw NetAgentError("probe \(name)'s helper process gave no answer") }
            return try ModuleCall.probeResults(json, module: name, call: "run")
        }
    }

}
