import FoundationEssentials
import Glibc

/// Finds the module files on the search path and reads what each says of itself in helper
/// processes (`netagent module-host --inspect`), so that no module's code, not even a library
/// constructor, runs in netagent's own process just because the module is on the path. A file
/// whose code crashes, exits or hangs the helper is refused with what happened, and the
/// inspection goes on with the next file in a new helper. With a `ModuleCatalogCache`, a file
/// that has not changed since a helper inspected it is not inspected again.
public enum ModuleDiscovery {
    /// How long one helper may take to inspect its files.
    static let deadlineMS = 10_000

    /// The catalog of every module file in `directories`: the first usable module of a name is
    /// `loaded`, later ones `shadowed`. `helperPath` is the netagent program run as the helper;
    /// `cache`, when given, holds what earlier inspections found.
    public static func catalog(
        from directories: [ModuleDirectory], helperPath: String = RunningProgram.path(), cache: ModuleCatalogCache? = nil
    ) -> ModuleCatalog {
        let files = directories.flatMap { directory in
            ModuleSearchPath.moduleFiles(in: directory).map { (path: $0, origin: directory.origin) }
        }
        let paths = files.map(\.path)
        var records = cache.map { lookUp(paths, helperPath: helperPath, cache: $0) } ?? inspect(paths, helperPath: helperPath)
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

    /// One record per path, in order: a file the trust check refuses is refused here, without a
    /// helper; an unchanged file gets its cached record; the others are inspected, and the
    /// cache is rewritten when what it should hold changed.
    static func lookUp(_ paths: [String], helperPath: String, cache: ModuleCatalogCache) -> [ModuleRecord] {
        let stamp = ModuleCatalogCache.Stamp.current(helperPath: helperPath)
        let cached = cache.entries(matching: stamp)
        var records = [ModuleRecord?](repeating: nil, count: paths.count)
        var kept: [Int: ModuleCatalogCache.Entry] = [:]
        var unknown: [Int] = []
        for (index, path) in paths.enumerated() {
            let identity: FileIdentity?
            do {
                let fd = try ModuleTrust.openForLoading(path, enforce: ModuleTrust.isEnforced)
                identity = FileIdentity(descriptor: fd)
                close(fd)
            } catch {
                records[index] = refused(path, error.reason)
                continue
            }
            if let entry = cached[path], entry.identity == identity {
                records[index] = entry.record
                kept[index] = entry
            } else {
                unknown.append(index)
            }
        }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let inspectionStarted = Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
        for (index, inspected) in zip(unknown, inspectFiles(unknown.map { paths[$0] }, helperPath: helperPath)) {
            records[index] = inspected.record
            if inspected.record.state == .loaded, let identity = inspected.identity,
                identity.changedNS < inspectionStarted - ModuleCatalogCache.settledNS
            {
                kept[index] = ModuleCatalogCache.Entry(path: paths[index], identity: identity, record: inspected.record)
            }
        }
        let entries = kept.sorted { $0.key < $1.key }.map(\.value)
        let previous = paths.compactMap { cached[$0] }
        if entries != previous || cached.count != previous.count { cache.store(entries, stamp: stamp) }
        return records.map { $0! }
    }

    /// One record per path, in order, each read by a helper.
    static func inspect(_ paths: [String], helperPath: String) -> [ModuleRecord] {
        inspectFiles(paths, helperPath: helperPath).map(\.record)
    }

    /// One answer per path, in order, each read by a helper.
    static func inspectFiles(_ paths: [String], helperPath: String) -> [InspectedFile] {
        var records: [InspectedFile] = []
        while records.count < paths.count {
            let remaining = Array(paths[records.count...])
            let outcome: HelperProcess.Outcome
            do {
                outcome = try HelperProcess.run(
                    HelperCommandLine.inspect(remaining, helperPath: helperPath),
                    input: [], deadlineMS: deadlineMS, maximumOutput: HelperProcess.maximumOutput)
            } catch {
                return records + remaining.map { InspectedFile(record: refused($0, "cannot inspect it: \(error)")) }
            }
            let answers = decodeLines(outcome.output)
            records += zip(remaining, answers).map { path, answer in
                answer.record.path == path
                    ? answer : InspectedFile(record: refused(path, "the inspecting process answered for \(answer.record.path)"))
            }
            guard answers.count < remaining.count else { break }
            records.append(InspectedFile(record: refused(remaining[answers.count], blame(outcome.ending))))
        }
        return records
    }

    /// The records in an inspecting helper's answer, one JSON document per line, up to the first line that is
    /// not one (a helper that died mid-way leaves a cut line).
    private static func decodeLines(_ output: [UInt8]) -> [InspectedFile] {
        var values: [InspectedFile] = []
        for line in output.split(separator: UInt8(ascii: "\n")) {
            guard let value = try? JSONDecoder().decode(InspectedFile.self, from: Data(line)) else { break }
            values.append(value)
        }
        return values
    }

    /// Why the file being inspected when the helper ended is refused.
    private static func blame(_ ending: HelperProcess.Ending) -> String {
        switch ending {
        case .exited(let code):
            return
                "loading it ended the inspecting process with exit status \(code): the module's code calls exit() (a module must return a status, never exit)"
        case .signalled(let signal):
            return "loading it crashed the inspecting process (\(HelperProcess.Ending.signalName(signal)))"
        case .timedOut:
            return "loading it did not finish within \(deadlineMS / 1000) s: the module's constructor or entry point hangs"
        case .tooMuchOutput:
            return "loading it made the inspecting process write more than \(HelperProcess.maximumOutput >> 20) MiB"
        }
    }

    private static func refused(_ path: String, _ reason: String) -> ModuleRecord {
        var record = ModuleRecord(path: path, origin: "", state: .refused)
        record.reason = reason
        return record
    }
}
