/// Finds the module files on the search path and reads what each says of itself in helper
/// processes (`netagent module-host --inspect`), so that no module's code, not even a library
/// constructor, runs in netagent's own process just because the module is on the path. A file
/// whose code crashes, exits or hangs the helper is refused with what happened, and the
/// inspection goes on with the next file in a new helper.
public enum ModuleDiscovery {
    /// How long one helper may take to inspect its files.
    static let deadlineMS = 10_000

    /// The catalog of every module file in `directories`: the first usable module of a name is
    /// `loaded`, later ones `shadowed`. `helperPath` is the netagent program run as the helper.
    public static func catalog(from directories: [ModuleDirectory], helperPath: String = ModuleSearchPath.executablePath()) -> ModuleCatalog
    {
        let files = directories.flatMap { directory in
            ModuleSearchPath.moduleFiles(in: directory).map { (path: $0, origin: directory.origin) }
        }
        var records = inspect(files.map(\.path), helperPath: helperPath)
        var winners: [String: String] = [:]
        for index in records.indices {
            records[index].origin = files[index].origin
            guard records[index].state == .loaded, let name = records[index].name else { continue }
            if let winner = winners[name] {
                records[index].state = .shadowed
                records[index].reason = "a module named \(name) was found first at \(winner)"
            } else {
                winners[name] = records[index].path
            }
        }
        return ModuleCatalog(records: records)
    }

    /// One record per path, in order.
    static func inspect(_ paths: [String], helperPath: String) -> [ModuleRecord] {
        var records: [ModuleRecord] = []
        while records.count < paths.count {
            let remaining = Array(paths[records.count...])
            let outcome: HelperProcess.Outcome
            do {
                outcome = try HelperProcess.run(
                    [helperPath, "module-host", "--inspect", "--"] + remaining,
                    input: [], deadlineMS: deadlineMS, maximumOutput: ModuleHostProcess.maximumOutput)
            } catch {
                return records + remaining.map { refused($0, "cannot inspect it: \(error)") }
            }
            let answers = ModuleHostProcess.decodeLines(ModuleRecord.self, outcome.output)
            records += zip(remaining, answers).map { path, answer in
                answer.path == path ? answer : refused(path, "the inspecting process answered for \(answer.path)")
            }
            guard answers.count < remaining.count else { break }
            records.append(refused(remaining[answers.count], blame(outcome.ending)))
        }
        return records
    }

    /// Why the file being inspected when the helper ended is refused.
    private static func blame(_ ending: HelperProcess.Ending) -> String {
        switch ending {
        case .exited(let code):
            return
                "loading it ended the inspecting process with exit status \(code): the module's code calls exit() (a module must return a status, never exit)"
        case .signalled(let signal):
            return "loading it crashed the inspecting process (\(ModuleHostProcess.signalName(signal)))"
        case .timedOut:
            return "loading it did not finish within \(deadlineMS / 1000) s: the module's constructor or entry point hangs"
        case .tooMuchOutput:
            return "loading it made the inspecting process write more than \(ModuleHostProcess.maximumOutput >> 20) MiB"
        }
    }

    private static func refused(_ path: String, _ reason: String) -> ModuleRecord {
        var record = ModuleRecord(path: path, origin: "", state: .refused)
        record.reason = reason
        return record
    }
}
