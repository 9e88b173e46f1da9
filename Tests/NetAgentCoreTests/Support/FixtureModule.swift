/// Builds `Tests/Fixtures/fixture_module.c` with `cc` into a shared library, one variant per call.
enum FixtureModule {
    /// Compiles the fixture with `defines` (such as `FIXTURE_MAJOR=2`) into `directory/file`.
    static func build(_ file: String, in directory: String, defines: [String] = []) throws {
        try Command.check(
            ["cc", "-shared", "-fPIC", "-Wall", "-Werror", "-I", TestEnvironment.includeDirectory]
            + defines.map { "-D" + $0 }
            + [TestEnvironment.packageRoot + "/Tests/Fixtures/fixture_module.c", "-o", directory + "/" + file])
    }
}
