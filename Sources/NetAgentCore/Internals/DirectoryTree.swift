import Glibc

/// `mkdir -p` for netagent's own directories (state, journal, baselines, cache).
enum DirectoryTree {
    /// Creates `path` and its missing parents with `mode` (0700: the state is root's alone).
    static func create(_ path: String, mode: mode_t = 0o700) throws {
        var partial = ""
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, mode) != 0 && errno != EEXIST {
                throw NetAgentError("\(partial): cannot create the state directory: \(String(cString: strerror(errno)))")
            }
        }
    }
}
