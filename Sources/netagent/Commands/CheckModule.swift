import ArgumentParser
import NetAgentCore

/// `netagent check-module`
struct CheckModule: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-module",
        abstract: "Check that one module file keeps the whole netagent module contract.",
        discussion: """
            Loads FILE and exercises it without changing the system: a tuner plans under every \
            profile and reads each knob it plans (nothing is written); a probe runs in a helper \
            process against 127.0.0.1 and is sent a malformed request. Prints pass or fail per rule \
            with the reason, and exits 1 when any rule failed. Run it in a module's CI.

            Example: netagent check-module ./libnetagent-udpecho.so
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The module file (.so) to check.")
    var file: String

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global, loadModules: false)
            let checks = ModuleChecker.check(path: file, context: environment.context)
            let passed = checks.allSatisfy(\.passed)
            if global.json {
                Output.json(CheckReport(path: file, passed: passed, checks: checks))
            } else {
                Output.table(["RESULT", "RULE", "DETAIL"], checks.map { [$0.passed ? "pass" : "FAIL", $0.rule, $0.detail] })
                print(passed ? "\(file): every rule passed" : "\(file): \(checks.filter { !$0.passed }.count) rule(s) failed")
            }
            return passed ? .success : .failure
        }
    }
}
