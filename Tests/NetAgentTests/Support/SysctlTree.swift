import Foundation

/// A `--root` tree holding fake `/proc/sys` files, for knob tests that must not touch the real kernel.
final class SysctlTree {
    let directory: TemporaryDirectory
    var root: String { directory.path }

    init(_ values: [String: String]) throws {
        directory = try TemporaryDirectory()
        for (name, value) in values { try set(name, value) }
    }

    /// The file of a sysctl, relative to the root.
    static func relativePath(_ name: String) -> String {
        "proc/sys/" + name.replacingOccurrences(of: ".", with: "/")
    }

    func set(_ name: String, _ value: String) throws {
        try directory.write(Self.relativePath(name), value + "\n")
    }

    func value(_ name: String) -> String? {
        directory.read(Self.relativePath(name))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Makes a sysctl file immutable (`chattr +i`), so even root's writes fail, until the tree is dropped.
    func makeImmutable(_ name: String) throws {
        try Command.check(["chattr", "+i", root + "/" + Self.relativePath(name)])
        immutable.append(name)
    }

    private var immutable: [String] = []

    deinit {
        for name in immutable { _ = try? Command.run(["chattr", "-i", root + "/" + Self.relativePath(name)]) }
    }
}
