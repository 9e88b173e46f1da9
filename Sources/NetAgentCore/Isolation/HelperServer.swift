import FoundationEssentials
import Glibc
import Logging
import Synchronization

/// The helper's side of the boundary (`netagent module-host`, which only parses its options and
/// calls these): it loads one module file apart from netagent (with the loader its caller
/// gives, `ModuleLoader`'s), gives root up (`PrivilegeDrop`) before it reads anything, and
/// answers on a private copy of standard output in `HelperAnswer`s, so nothing a module prints
/// can pass for an answer.
public enum HelperServer {
    /// Keeps standard output for the helper's answer alone: returns a private copy of it and
    /// points file descriptor 1 at /dev/null, so nothing a module prints can pass for the answer
    /// (a library a probe uses, such as libiperf, may print whole reports there). Modules log
    /// through the host's `log` service, which writes to standard error.
    public static func reserveStandardOutput() -> Int32 {
        let answer = fcntl(1, F_DUPFD_CLOEXEC, 0)
        let null = open("/dev/null", O_WRONLY | O_CLOEXEC)
        dup2(null >= 0 ? null : 2, 1)
        if null >= 0 { close(null) }
        ModuleCallGuard.standardOutputIsRedirected()
        return answer
    }

    /// Writes one JSON document and a newline to `fd`.
    public static func answer(_ value: some Encodable, to fd: Int32) {
        guard let json = try? JSONEncoder().encode(value) else { return }
        write((Array(json) + [UInt8(ascii: "\n")])[...], to: fd)
    }

    /// Writes a run's answer to `fd`.
    public static func answer(_ answer: HelperAnswer, to fd: Int32) {
        write(answer.headerLine()[...], to: fd)
        if let json = answer.json { write(json, to: fd) }
    }

    /// Writes all of `bytes` to `fd`, unless it fails.
    private static func write(_ bytes: ArraySlice<UInt8>, to fd: Int32) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            written += count
        }
    }

    /// The helper's side of discovery: one record per file, each written as soon as it is known,
    /// so a module whose loading ends the process costs only its own record.
    public static func serveInspection(of paths: [String], inspecting inspect: (String) -> some Encodable, answeringTo fd: Int32) {
        for path in paths {
            answer(inspect(path), to: fd)
        }
    }

    /// The persistent helper's side: loads one module file, then answers each request line read
    /// from standard input with one `HelperAnswer`, until its input ends or a run is cancelled
    /// (the host cancels only when it stops). Used by `netagent module-host --serve`.
    public static func serveRequests(
        loading load: () throws -> LoadedModule, root: String, logger: Logger, answeringTo fd: Int32
    ) {
        let module: LoadedModule
        let context: HostContext
        do {
            module = try load()
            context = try HostContext(logger: logger, root: root)
            try PrivilegeDrop.drop(to: UnprivilegedUser.find(), keepingRawSockets: module.needsRawSockets)
        } catch {
            // Every request gets the reason, so the host reports it as the run's failure.
            while readLine(0) != nil { answer(HelperAnswer(error: "\(error)"), to: fd) }
            return
        }
        while let line = readLine(0) {
            guard let request = try? JSONDecoder().decode(HelperRequest.self, from: Data(line)) else {
                answer(HelperAnswer(error: "the helper got a request it cannot read"), to: fd)
                continue
            }
            do {
                let json = try module.runReturningJSON(
                    requestJSON: request.request, services: context.services(for: module, timeoutMS: request.timeoutMS))
                answer(HelperAnswer(json: Array(json.utf8)[...]), to: fd)
            } catch let error as ModuleCallError {
                answer(HelperAnswer(error: error.message, status: error.status), to: fd)
            } catch {
                answer(HelperAnswer(error: "\(error)"), to: fd)
            }
            if ModuleCancellation.isCancelled { return }
        }
    }

    /// The next line of `fd` without its newline, nil at end of input. Reads one byte at a
    /// time, so nothing past the line is taken from the pipe.
    private static func readLine(_ fd: Int32) -> [UInt8]? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(fd, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return line.isEmpty ? nil : line }
            if byte == UInt8(ascii: "\n") { return line }
            line.append(byte)
        }
    }

    /// The helper's side of a probe run: loads one module file, runs its probe with the request
    /// read from standard input, and returns its answer. Used by `netagent module-host`.
    /// With `progressTo`, the probe's progress reports are written there as lines before the answer.
    public static func serve(
        loading load: () throws -> LoadedModule, root: String, timeoutMS: Int, logger: Logger, progressTo progressFD: Int32? = nil
    ) -> HelperAnswer {
        HostServices.progressDescriptor.store(progressFD ?? -1, ordering: .relaxed)
        defer { HostServices.progressDescriptor.store(-1, ordering: .relaxed) }
        do {
            let module = try load()
            try PrivilegeDrop.drop(to: UnprivilegedUser.find(), keepingRawSockets: module.needsRawSockets)
            var input: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(0, &buffer, buffer.count)
                if count <= 0 { break }
                input += buffer[0..<count]
            }
            let context = try HostContext(logger: logger, root: root)
            let json = try module.runReturningJSON(
                requestJSON: String(decoding: input, as: UTF8.self), services: context.services(for: module, timeoutMS: timeoutMS))
            return HelperAnswer(json: Array(json.utf8)[...])
        } catch let error as ModuleCallError {
            return HelperAnswer(error: error.message, status: error.status)
        } catch {
            return HelperAnswer(error: "\(error)")
        }
    }
}
