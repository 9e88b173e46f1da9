import Glibc
import NetAgentCore

/// What `netagent --version` prints: the version, the module ABI it speaks and the directories
/// it searches for modules, in order. The first line is `netagent VERSION`.
enum VersionText {
    /// This release's version.
    static let version = "0.1.0"

    static var text: String {
        let directories = ModuleSearchPath.directories(
            commandLine: [],
            environment: getenv(ModuleSearchPath.environmentVariable).map { String(cString: $0) },
            executablePath: RunningProgram.path())
        let lines =
            ["netagent \(version)", "module ABI \(ModuleLoader.abiMajor)", "module search path (--module-path first):"]
            + directories.map { "  \($0.path) (\($0.origin))" }
        return lines.joined(separator: "\n")
    }
}
