/// A network namespace made with `ip netns add` for one test, deleted when the test is done.
/// Tests never enter it themselves (namespaces belong to threads): they run programs in it.
final class NetworkNamespace: @unchecked Sendable {
    let name: String

    init() throws {
        name = TestEnvironment.uniqueName("na")
        try Command.check(["ip", "netns", "add", name])
        try Command.check(["ip", "-n", name, "link", "set", "lo", "up"])
    }

    deinit { _ = try? Command.run(["ip", "netns", "delete", name]) }

    /// Runs a program inside the namespace.
    @discardableResult
    func run(_ arguments: [String]) throws -> CommandResult {
        try Command.check(["ip", "netns", "exec", name] + arguments)
    }

    /// A sysctl's value inside the namespace, read from its /proc/sys.
    func sysctl(_ name: String) throws -> String {
        try run(["cat", "/proc/sys/" + name.replacingOccurrences(of: ".", with: "/")]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sets a sysctl inside the namespace behind netagent's back.
    func setSysctl(_ name: String, _ value: String) throws {
        try run(["sysctl", "-q", "-w", "\(name)=\(value)"])
    }
}
