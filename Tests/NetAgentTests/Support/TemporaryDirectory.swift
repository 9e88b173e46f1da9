import Foundation

/// A fresh directory, removed when the test is done. As root it lies under `/run/netagent-tests`
/// (root-owned, mode 0755), not `/tmp`: netagent refuses, as root, modules below a world-writable
/// directory, and the tests load modules from these directories.
final class TemporaryDirectory: Sendable {
    let path: String

    /// Where the directories are made.
    static let base: String = {
        guard TestEnvironment.isRoot else { return URL(fileURLWithPath: NSTemporaryDirectory()).standardizedFileURL.path }
        let base = "/run/netagent-tests"
        mkdir(base, 0o755)
        chown(base, 0, 0)
        chmod(base, 0o755)
        return base
    }()

    init() throws {
        let base = Self.base
        var template = Array((base + "/netagent-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw TestFailure("mkdtemp failed") }
        path = String(cString: created)
        chmod(path, 0o755)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `relative` below the directory, creating parent directories.
    func write(_ relative: String, _ text: String) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
    }

    /// The text of `relative`, nil when missing.
    func read(_ relative: String) -> String? {
        try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// Every file and directory below, with content, mode and owner: two snapshots are equal
    /// only when the trees are byte-identical.
    func snapshot() throws -> [String: String] {
        var entries: [String: String] = [:]
        guard let walker = FileManager.default.enumerator(atPath: path) else { return entries }
        for case let relative as String in walker {
            let full = path + "/" + relative
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let meta = "mode \(String(info.st_mode, radix: 8)) owner \(info.st_uid):\(info.st_gid)"
            if info.st_mode & S_IFMT == S_IFLNK {
                entries[relative] = meta + " -> " + ((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
            } else if info.st_mode & S_IFMT == S_IFREG {
                let data = FileManager.default.contents(atPath: full) ?? Data()
                entries[relative] = meta + " " + data.base64EncodedString()
            } else {
                entries[relative] = meta
            }
        }
        return entries
    }
}
