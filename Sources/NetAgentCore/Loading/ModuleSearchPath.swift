import Glibc
import NetAgentSystem

/// The discovery order of DESIGN.md: `--module-path`, then `$NETAGENT_MODULE_PATH`,
/// then the installed module directory, then the build folder when run from a checkout.
public enum ModuleSearchPath {
    /// The environment variable holding extra module directories, colon-separated.
    public static let environmentVariable = "NETAGENT_MODULE_PATH"

    /// The directories to scan, in order, without duplicates.
    public static func directories(
        commandLine: [String], environment: String?, executablePath: String
    ) -> [ModuleDirectory] {
        let executableDirectory = FilePaths.parent(of: executablePath)
        var list = commandLine.map { ModuleDirectory(path: $0, origin: "--module-path", onlyNetAgentLibraries: false) }
        list += (environment ?? "").split(separator: ":").map {
            ModuleDirectory(path: String($0), origin: environmentVariable, onlyNetAgentLibraries: false)
        }
        list.append(
            ModuleDirectory(
                path: FilePaths.parent(of: executableDirectory) + "/lib/netagent/modules", origin: "installed", onlyNetAgentLibraries: false
            ))
        list.append(ModuleDirectory(path: executableDirectory, origin: "build folder", onlyNetAgentLibraries: true))
        var seen = Set<String>()
        return list.filter { seen.insert($0.path).inserted }
    }

    /// The module names the files on the search path suggest (`libnetagent-NAME.so`, or
    /// `NAME.so`), sorted and without duplicates, without loading any: for shell completion.
    public static func likelyModuleNames(in directories: [ModuleDirectory]) -> [String] {
        let names = directories.flatMap(moduleFiles).map { path -> String in
            var name = Substring(FilePaths.name(of: path))
            if name.hasPrefix("libnetagent-") { name = name.dropFirst("libnetagent-".count) }
            return String(name.dropLast(".so".count))
        }
        return Set(names.filter(ModuleName.isValid)).sorted()
    }

    /// The module files in a directory, sorted by name so the order is the same on every run.
    static func moduleFiles(in directory: ModuleDirectory) -> [String] {
        let names = ((try? DirectoryEntries.names(in: directory.path)) ?? []).filter { name in
            name.hasSuffix(".so") && (!directory.onlyNetAgentLibraries || name.hasPrefix("libnetagent-"))
        }
        return names.sorted().map { directory.path + "/" + $0 }
    }
}
