import ArgumentParser
import NetAgentCore

/// `netagent list-modules`
struct ListModules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list-modules",
        abstract: "List every module found: name, kind, version, ABI, state, path and summary.",
        discussion: """
            Every module file in the search path is listed. STATE is loaded, shadowed (a module \
            of the same name was found earlier in the search order) or refused, with the reason \
            underneath. As root, a module that anyone but root could write is refused.

            Example: netagent list-modules --module-path ./my-modules
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try reportingFailures(json: global.json) {
            let environment = try CommandEnvironment(global)
            _ = try? environment.warnAboutUnfinished()
            let records = environment.catalog.records
            if global.json {
                Output.json(
                    ListModulesReport(
                        modules: records,
                        searchPath: environment.searchPath.map { .init(path: $0.path, origin: $0.origin) }))
                return .success
            }
            if records.isEmpty {
                print("no modules found; searched: " + environment.searchPath.map(\.path).joined(separator: ", "))
                return .success
            }
            Output.table(
                ["NAME", "KIND", "VERSION", "ABI", "STATE", "PATH", "SUMMARY"],
                records.map { record in
                    [
                        record.name ?? "?", record.kind?.rawValue ?? "-", record.version ?? "-",
                        record.abi.map(String.init) ?? "-", record.state.rawValue, record.path, record.summary ?? "",
                    ]
                })
            for record in records where record.reason != nil {
                print("\(record.path): \(record.state.rawValue): \(record.reason!)")
            }
            return .success
        }
    }
}
