import Glibc

/// `path` made absolute against the working directory, as an administrator means a relative
/// path on the command line (`--state-dir state` is `./state`, not `/state`).
func absolutePath(_ path: String) -> String {
    guard !path.hasPrefix("/"), let directory = getcwd(nil, 0) else { return path }
    defer { free(directory) }
    let base = String(cString: directory)
    return (base == "/" ? "" : base) + "/" + path
}
