import Glibc
import NetAgentSystem

/// Directory knobs, keyed `dir:/etc/...`: the value is "directory" for a directory of mode 0755
/// (what a write creates, whatever the umask), "directory mode 0NNN" for one of another mode, nil
/// when absent (`KnobDirectory`). A tuner plans one before a file knob whose directory may be
/// missing, so rollback removes the directory it created (and only when it is empty).
public enum DirectoryKnob {
    /// The key prefix for directory knobs.
    public static let keyPrefix = "dir:"
    /// The value of a directory of mode 0755: what a tuner asks for.
    public static let present = KnobDirectory.present

    /// The knob key for an absolute path.
    public static func key(_ path: String) -> String { keyPrefix + path }

    static func path(ofKey key: String, context: ModuleContext) throws -> RootedPath {
        guard key.hasPrefix(keyPrefix) else { throw ModuleError.invalid("\"\(key)\" is not a directory key") }
        return try context.path(String(key.dropFirst(keyPrefix.count)))
    }

    /// The directory's value, nil when absent; an error when something else is there.
    public static func read(key: String, context: ModuleContext) throws -> String? {
        let path = try path(ofKey: key, context: context)
        do {
            return try KnobDirectory.read(path)
        } catch {
            throw error.code == ENOTDIR ? ModuleError.failed("\(path) exists and is not a directory") : KnobFile.moduleError(error)
        }
    }

    /// Creates the directory, or sets its mode, for a directory value; removes it, when empty
    /// but for the temporary files a crash left in it (which go first), for nil.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        let path = try path(ofKey: key, context: context)
        guard let value else {
            do {
                try KnobDirectory.remove(path)
            } catch let error where error.code == ENOTEMPTY {
                throw ModuleError.failed("\(path) is not empty, so it was left in place: files were added to it after netagent created it")
            } catch {
                throw KnobFile.moduleError(error)
            }
            return
        }
        guard KnobDirectory.mode(of: value) != nil else {
            throw ModuleError.invalid("a directory knob takes \"\(present)\", \"\(present) mode 0NNN\" or nothing, not \"\(value)\"")
        }
        do {
            try KnobDirectory.write(path, value: value)
        } catch {
            throw KnobFile.moduleError(error)
        }
    }
}
