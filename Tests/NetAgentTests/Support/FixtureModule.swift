/// Builds the C fixture modules of `Tests/Fixtures/` with `cc` into shared libraries, one variant per call.
enum FixtureModule {
    /// Compiles the fixture with `defines` (such as `FIXTURE_MAJOR=2`) into `directory/file`.
    static func build(_ file: String, in directory: String, defines: [String] = []) throws {
        try Command.check(
            ["cc", "-shared", "-fPIC", "-Wall", "-Werror", "-I", TestEnvironment.includeDirectory]
                + defines.map { "-D" + $0 }
                + [TestEnvironment.packageRoot + "/Tests/Fixtures/fixture_module.c", "-o", directory + "/" + file])
    }

    /// Compiles `Tests/Fixtures/fixture_tuner.c` (the echo-off tuner) with `defines` into `directory/file`.
    static func buildTuner(_ file: String, in directory: String, defines: [String] = []) throws {
        try Command.check(
            ["cc", "-shared", "-fPIC", "-Wall", "-Werror", "-I", TestEnvironment.includeDirectory]
                + defines.map { "-D" + $0 }
                + [TestEnvironment.packageRoot + "/Tests/Fixtures/fixture_tuner.c", "-o", directory + "/" + file])
    }

    /// Builds contrib/example-probe/udpecho.c against the source tree's header and json-c.
    static func buildExampleProbe(to output: String) throws {
        let jsonC = try Command.check(["pkg-config", "--cflags", "--libs", "json-c"]).stdout.split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
        try Command.check(
            [
                "cc", "-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-I", TestEnvironment.includeDirectory,
                TestEnvironment.packageRoot + "/contrib/example-probe/udpecho.c", "-o", output,
            ] + jsonC)
    }
}
