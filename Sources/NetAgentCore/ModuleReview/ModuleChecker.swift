import CNetAgent
import FoundationEssentials

/// `netagent check-module`: exercises one module's whole contract without changing the system,
/// so third parties can run it in their CI. Tuners are only planned and read, never written;
/// probes run in a helper process against loopback.
public enum ModuleChecker {
    /// One rule and how the module fared.
    public struct Check: Codable, Sendable {
        public let rule: String
        public let passed: Bool
        public let detail: String
    }

    /// Every rule's result, in order; stops after a failed load, as nothing else can run.
    public static func check(path: String, context: HostContext) -> [Check] {
        var checks: [Check] = []
        func record(_ rule: String, _ body: () throws -> String) {
            do {
                checks.append(Check(rule: rule, passed: true, detail: try body()))
            } catch {
                checks.append(Check(rule: rule, passed: false, detail: "\(error)"))
            }
        }
        var inspected: AvailableModule?
        record("loads in a helper process: entry symbol, ABI major, struct_size, name, required functions") {
            let found = ModuleDiscovery.inspect([path], helperPath: context.helperPath)[0]
            guard let module = ModuleCatalog(records: [found]).modules.first else {
                throw NetAgentError(found.reason ?? "refused")
            }
            inspected = module
            return "\(module.kind.rawValue) \(module.name) \(module.version), struct_size \(found.structSize ?? 0)"
        }
        guard let module = inspected else { return checks }
        record("describes itself: version and a one-line summary") {
            guard !module.version.isEmpty else { throw NetAgentError("version is empty") }
            guard !module.summary.isEmpty, !module.summary.contains("\n") else { throw NetAgentError("summary must be one non-empty line") }
            return module.summary
        }
        record("config_schema is a JSON object with properties, or absent") {
            let schema = try ModuleConfigSchema(json: module.configSchema, module: module.name)
            return module.configSchema == nil ? "no config keys" : "keys: \(schema.properties.keys.sorted().joined(separator: ", "))"
        }
        switch module.kind {
        case .tuner: checkTuner(module, context, record)
        case .probe: checkProbe(module, context, record)
        }
        return checks
    }

    private static func checkTuner(_ available: AvailableModule, _ context: HostContext, _ record: (String, () throws -> String) -> Void) {
        var loaded: LoadedModule?
        record("loads in netagent's process, where tuners run") {
            loaded = try ModuleLoader.load(available)
            return "loaded"
        }
        guard let module = loaded else { return }
        var rows: [KnobRow] = []
        for profile in Profile.allCases {
            record("plans valid knobs under the \(profile.rawValue) profile (keys, values, no duplicates)") {
                let planned = try KnobPlanner.rows(for: module, profile: profile, config: [:], context: context)
                if profile == .default { rows = planned }
                return "\(planned.count) knob(s)"
            }
        }
        record("reads every knob it plans: a value, absent, or unsupported with a reason") {
            let unsupported = rows.filter { $0.action == .unsupported }
            guard unsupported.allSatisfy({ !($0.reason ?? "").isEmpty }) else { throw NetAgentError("an unsupported knob gave no reason") }
            return "\(rows.count - unsupported.count) read, \(unsupported.count) unsupported on this host"
        }
        record("refuses a key it does not own, without changing anything") {
            let key = "check-module:no-such-knob"
            do {
                _ = try module.read(key: key, services: context.services(for: module))
            } catch let error as ModuleCallError where error.status == NETAGENT_INVALID {
                return "read \(key): \(error.message ?? "invalid")"
            } catch let error as ModuleCallError where error.isUnsupported {
                return "read \(key): unsupported (\(error.reason))"
            }
            throw NetAgentError("read \(key) succeeded; a tuner should answer NETAGENT_INVALID for keys it does not own")
        }
    }

    private static func checkProbe(_ module: AvailableModule, _ context: HostContext, _ record: (String, () throws -> String) -> Void) {
        record("answers a request for 127.0.0.1 with one well-formed result per target, or refuses it as not in its syntax") {
            let settings = ProbeSettings(targets: ["127.0.0.1"], count: 2, intervalMS: 10, timeoutMS: 500)
            let reports: [TargetReport]
            do {
                reports = try ProbeRunner.run(module, settings: settings, config: [:], context: context)
            } catch let error as ModuleCallError where error.status == NETAGENT_INVALID {
                return "refused 127.0.0.1 as a malformed target (NETAGENT_INVALID): \(error.message ?? "no reason given")"
            }
            let report = reports[0]
            return report.error.map { "answered with a target error: \($0)" }
                ?? "\(report.statistics.received) of \(report.statistics.sent) answered"
        }
        record("refuses a malformed request with a status, without crashing") {
            do {
                _ = try ModuleHostProcess.run(module, requestJSON: "{not json", timeoutMS: 2000, context: context)
            } catch let error as ModuleCallError {
                return error.description
            }
            throw NetAgentError("the module accepted a malformed request")
        }
    }
}
