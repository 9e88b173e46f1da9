import Glibc

/// The file descriptors the agent keeps for its own work: a transaction's journal and knob
/// files, a probe helper's pipes, the module files. Its HTTP connections may use only what is
/// left, so a local user holding connections cannot make a drift re-apply or a helper fail
/// with EMFILE half-way.
public enum DescriptorReserve {
    /// Descriptors never given to HTTP connections.
    public static let reserved = 256

    /// Raises the soft open-file limit to the hard one and checks that `connections` HTTP
    /// connections leave `reserved` descriptors.
    public static func ensureRoom(forConnections connections: Int) throws {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            throw NetAgentError("cannot read the open-file limit: \(String(cString: strerror(errno)))")
        }
        if limit.rlim_cur < limit.rlim_max {
            limit.rlim_cur = limit.rlim_max
            _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
            _ = getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let available = Int(clamping: limit.rlim_cur)
        guard available >= connections + reserved else {
            throw NetAgentError(
                "[agent] http_max_connections = \(connections) leaves fewer than \(reserved) of the \(available) file descriptors "
                    + "this process may open (RLIMIT_NOFILE) for transactions and probe helpers: lower it, or raise the limit "
                    + "(LimitNOFILE= in the unit, ulimit -n)", exitCode: .invalidConfig)
        }
    }
}
