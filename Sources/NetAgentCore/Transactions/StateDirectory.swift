import Glibc

/// The state directory (`--state-dir`, default `/var/lib/netagent`): journal, baselines, and the lock.
public enum StateDirectory {
    /// The default location.
    public static let defaultPath = "/var/lib/netagent"

    /// Holds `<state-dir>/lock` (flock) for the life of the returned lock, so runs and
    /// rollbacks never interleave. Fails at once, naming the lock, when another process holds it.
    /// Once it is held, the temporary files a crash left in the journal are removed.
    public static func lock(_ stateDirectory: String) throws -> StateLock {
        try DirectoryTree.create(stateDirectory)
        let path = stateDirectory + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw NetAgentError("\(path): cannot open the lock: \(String(cString: strerror(errno)))") }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            close(fd)
            throw NetAgentError("\(path) is held by another netagent applying or rolling back; wait for it to finish")
        }
        let lock = StateLock(fd: fd)
        try Journal(stateDirectory: stateDirectory).removeLeftovers()
        return lock
    }
}
