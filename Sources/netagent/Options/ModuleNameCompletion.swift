import ArgumentParser
import Glibc
import NetAgentCore

/// Shell completion of module names, for `--enable`, `--disable` and `describe`: the modules on
/// the search path, by file name (nothing is loaded). In a comma-separated list, the name after
/// the last comma is completed and names already in the list are not offered again.
enum ModuleNameCompletion {
    /// The completion of one module name.
    static let name = CompletionKind.custom { _, _, word in candidates(completing: word, list: false) }
    /// The completion of a comma-separated list of module names.
    static let list = CompletionKind.custom { _, _, word in candidates(completing: word, list: true) }

    /// The words to offer for `word`, the text typed so far.
    static func candidates(completing word: String, list: Bool) -> [String] {
        let directories = ModuleSearchPath.directories(
            commandLine: [],
            environment: getenv(ModuleSearchPath.environmentVariable).map { String(cString: $0) },
            executablePath: RunningProgram.path())
        let names = ModuleSearchPath.likelyModuleNames(in: directories)
        guard list, let comma = word.lastIndex(of: ",") else { return names }
        let head = String(word[...comma])
        let chosen = Set(head.split(separator: ",").map(String.init))
        return names.filter { !chosen.contains($0) }.map { head + $0 }
    }
}
