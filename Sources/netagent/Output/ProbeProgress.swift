import Glibc
import NetAgentCore

/// "probing with icmp: 3 target(s) x 10 attempt(s), about 2 s" on standard error as each probe
/// starts, when standard error is a terminal and the output is not JSON.
enum ProbeProgress {
    static func printer(enabled: Bool) -> ProbeBatch.Progress? {
        guard enabled && isatty(2) != 0 else { return nil }
        return { module, settings in
            let seconds = (settings.count - 1) * settings.intervalMS / 1000
            Output.standardError(
                "probing with \(module): \(settings.targets.count) target(s) x \(settings.count) attempt(s), about \(seconds) s\n")
        }
    }
}
