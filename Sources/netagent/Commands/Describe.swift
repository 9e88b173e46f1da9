import ArgumentParser
import NetAgentCore

/// `netagent describe`
struct Describe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a module's knobs, config keys and defaults per profile, and what this host cannot take.",
        discussion: """
            For a tuner: every knob it sets under each profile with the value and why, and each \
            knob's current value on this host (or why it is unsupported here). For a probe: its \
            config keys. Changes nothing.

            Example: netagent describe bbr
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The module to describe (see list-modules).", completion: ModuleNameCompletion.name)
    var name: String

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            _ = try? environment.warnAboutUnfinished()
            let module = try ConfigValidator.requireModule(name, in: environment.catalog, source: "describe")
            let description = try ModuleDescription(module, context: environment.context)
            if global.json { Output.json(description) } else { description.print() }
            return .success
        }
    }
}

extension ModuleDescription {
    func print() {
        Swift.print("\(name) (\(kind.rawValue) \(version)): \(summary)")
        Swift.print("file: \(path)")
        if config.isEmpty {
            Swift.print("config keys: none")
        } else {
            Swift.print("\nconfig keys ([\(name)] table):")
            Output.table(
                ["KEY", "TYPE", "DEFAULT", "MEANING"],
                config.map {
                    [$0.key, $0.type ?? "any", $0.defaultValue ?? "-", $0.description ?? ""]
                })
        }
        guard kind == .tuner else { return }
        for profile in Profile.allCases {
            Swift.print("\nprofile \(profile.rawValue)\(profile == .default ? " (default)" : ""):")
            Output.table(["KNOB", "VALUE", "WHY"], (profiles[profile.rawValue] ?? []).map { [$0.key, $0.value, $0.why] })
        }
        Swift.print("\non this host (profile \(Profile.default.rawValue)):")
        KnobTable.print(currentHost, dryRun: true)
    }
}
