/// Joins an absolute path to a root prefix, refusing anything that could leave the root.
public enum RootedPath {
    /// `root` + `path`, where `path` must be absolute with no `.`/`..` components, no NUL and no empty components.
    public static func join(root: String, _ path: String) throws -> String {
        guard path.hasPrefix("/"), !path.contains("\0") else {
            throw ModuleError.invalid("path \"\(path)\" must be absolute and contain no NUL")
        }
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        for component in components where component.isEmpty || component == "." || component == ".." {
            throw ModuleError.invalid("path \"\(path)\" has an empty, \".\" or \"..\" component")
        }
        return root == "/" ? path : root + path
    }
}
