import CIsolation
import Glibc

/// Gives up root for good, for a process that has done what needed it (serve-echo has bound its
/// socket; a probe helper has loaded its module): no new privileges on exec, no supplementary
/// groups, the user's gid and uid as real, effective and saved ids, and no capability but
/// `CAP_NET_RAW` when asked for (a probe that sends raw ICMP). Checked afterwards: a drop that
/// did not happen is an error, not a warning.
public enum PrivilegeDrop {
    /// The bit of `CAP_NET_RAW` (capability 13) in a capability set.
    public static let netRaw: UInt64 = 1 << 13

    /// Drops to `user` when running as root, keeping `CAP_NET_RAW` alone when `keepingRawSockets`;
    /// does nothing for a process that is not root.
    public static func drop(to user: UnprivilegedUser, keepingRawSockets: Bool = false) throws {
        guard geteuid() == 0 else { return }
        let kept = keepingRawSockets ? netRaw : 0
        try check(netagent_set_no_new_privs(), "set no_new_privs")
        try check(netagent_set_keep_capabilities(keepingRawSockets ? 1 : 0), "keep capabilities across the change of user")
        try check(setgroups(0, nil) == 0 ? 0 : -errno, "drop the supplementary groups")
        try check(netagent_set_all_gids(user.gid), "change to group \(user.gid)")
        try check(netagent_set_all_uids(user.uid), "change to user \(user.name)")
        try check(
            netagent_limit_capabilities(CUnsignedLongLong(kept)), "limit the capabilities to \(keepingRawSockets ? "CAP_NET_RAW" : "none")")
        try check(netagent_set_keep_capabilities(0), "stop keeping capabilities")
        guard getuid() == user.uid, geteuid() == user.uid, try effectiveCapabilities() == kept else {
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
