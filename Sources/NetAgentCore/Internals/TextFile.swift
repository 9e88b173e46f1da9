import Glibc
import NetAgentSystem

/// The host's whole-file reads and crash-safe writes (`DurableFile`, shared with the module kit)
/// for the config, the journal, baselines and reports, with errors that name the file.
enum TextFile {
    /// The file's text, or nil when it does not exist.
    static func read(_ path: String) throws -> String? {
        do {
            return try DurableFile.read(path)
        } catch {
            throw failure(error)
        }
    }

    /// Replaces `path` with `text` so a crash leaves the old or the new file, never a mix. An
    /// existing file keeps its mode and owner; a new one gets `mode`.
    static func writeDurably(_ path: String, _ text: String, mode: mode_t = 0o600) throws {
        do {
            try DurableFile.replace(path, with: text, newFileMode: mode)
        } catch {
            throw failure(error)
        }
    }

    /// `writeDurably(_:_:mode:)` for text made piece by piece: `body` appends it to the new file.
    static func writeDurably(
        _ path: String, mode: mode_t, writing body: (inout DurableFile.Writer) throws(SystemCallError) -> Void
    ) throws {
        do {
            try DurableFile.replace(path, newFileMode: mode, writing: body)
        } catch {
            throw failure(error)
        }
    }

    /// Deletes `path` and a temporary file a crash left for it; nothing to do when they are gone.
    static func remove(_ path: String) throws {
        do {
            try DurableFile.remove(path)
        } catch {
            throw failure(error)
        }
    }

    /// Deletes the temporary files a crash left in `directory`.
    static func removeTemporaries(in directory: String) throws {
        do {
            try DurableFile.removeTemporaries(in: directory)
        } catch {
            throw failure(error)
        }
    }

    /// "/etc/x: cannot read: Is a directory".
    static func failure(_ error: SystemCallError) -> NetAgentError {
        NetAgentError("\(error.path): cannot \(error.operation): \(String(cString: strerror(error.code)))")
    }
}
