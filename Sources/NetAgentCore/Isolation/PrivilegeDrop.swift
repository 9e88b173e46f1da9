import CIsolation
import Glibc

/// Gives up root for good, for a process that has done what needed it (serve-echo has bound its
/// socket): no new privileges on exec, no supplementary groups, the user's gid and uid as real,
/// effective and saved ids, and so, the kernel clearing them on the change of uid, no
/// capabilities. Checked afterwards: a drop that did not happen is an error, not a warning.
public enum PrivilegeDrop {
    /// Drops to `user` when running as root; does nothing for a process that is not root.
    public static func drop(to user: UnprivilegedUser) throws {
        guard geteuid() == 0 else { return }
        try check(netagent_set_no_new_privs(), "set no_new_privs")
        try check(setgroups(0, nil) == 0 ? 0 : -errno, "drop the supplementary groups")
        try check(netagent_set_all_gids(user.gid), "change to group \(user.gid)")
        try check(netagent_set_all_uids(user.uid), "change to user \(user.name)")
        guard getuid() == user.uid, geteuid() == user.uid, try effectiveCapabilities() == 0 else {
            throw NetAgentError("dropping root to user \(user.name) left privileges in place; refusing to go on")
        }
    }

    /// The effective capability set of this process, from /proc/self/status (`CapEff`).
    public static func effectiveCapabilities() throws -> UInt64 {
        let status = try TextFile.read("/proc/self/status") ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("CapEff:") }),
            let value = UInt64(String(line.dropFirst("CapEff:".count).filter { !$0.isWhitespace }), radix: 16)
        else { throw NetAgentError("/proc/self/status has no CapEff line") }
        return value
    }

    /// Throws, naming `what`, when `status` is a negative errno.
    private static func check(_ status: Int32, _ what: String) throws {
        guard status < 0 else { return }
        throw NetAgentError("cannot \(what) while dropping root: \(String(cString: strerror(-status)))")
    }
}
