/// The command lines of the helper processes (`netagent module-host`), built in this one place:
/// whatever starts a helper says what it wants, and the options `ModuleHost` parses are spelled
/// here and there only.
enum HelperCommandLine {
    /// Runs one probe once: the request on standard input, the answer on standard output, the
    /// progress lines before it when asked for.
    static func probe(modulePath: String, name: String, root: String, timeoutMS: Int, progress: Bool, helperPath: String) -> [String] {
        moduleHost(helperPath, modulePath, name, root: root) + ["--timeout-ms", "\(timeoutMS)"] + (progress ? ["--progress"] : [])
    }

    /// Keeps one probe loaded, answering one `HelperRequest` line after another (the agent's).
    static func serve(modulePath: String, name: String, root: String, helperPath: String) -> [String] {
        moduleHost(helperPath, modulePath, name, root: root) + ["--serve"]
    }

    /// Reads what each of `paths` says of itself, one `InspectedFile` line per file, in order.
    static func inspect(_ paths: [String], helperPath: String) -> [String] {
        [helperPath, "module-host", "--inspect", "--"] + paths
    }

    private static func moduleHost(_ helperPath: String, _ modulePath: String, _ name: String, root: String) -> [String] {
        [helperPath, "module-host", "--module", modulePath, "--name", name, "--root", root]
    }
}
