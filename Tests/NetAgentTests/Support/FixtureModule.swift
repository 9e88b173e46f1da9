/// Builds the C files the tests need with `cc -Wall -Wextra -Werror`, one variant per call: the
/// fixture modules of `Tests/Fixtures/`, the example probe of `contrib/`, and helper programs.
enum FixtureModule {
    /// `Tests/Fixtures/<name>`.
    static func fixture(_ name: String) -> String { TestEnvironment.packageRoot + "/Tests/Fixtures/" + name }

    /// The include directory of the C SDK helpers (`netagent/knob.h`).
    static var sdkIncludeDirectory: String { TestEnvironment.packageRoot + "/contrib/sdk/include" }

    /// Compiles `source` into `output`: a shared library unless `program` is set, against the
    /// source tree's `module.h` and `knob.h`, with `defines` (such as `FIXTURE_MAJOR=2`) and `flags`.
    static func compile(_ source: String, to output: String, program: Bool = false, defines: [String] = [], flags: [String] = []) throws {
        try Command.check(
            ["cc", "-O2", "-Wall", "-Wextra", "-Werror", "-I", TestEnvironment.includeDirectory, "-I", sdkIncludeDirectory]
                + (program ? [] : ["-shared", "-fPIC"]) + defines.map { "-D" + $0 } + [source, "-o", output] + flags)
    }

    /// Compiles `fixture_module.c` (a configurable probe) with `defines` into `directory/file`.
    static func build(_ file: String, in directory: String, defines: [String] = []) throws {
        try compile(fixture("fixture_module.c"), to: directory + "/" + file, defines: defines)
    }

    /// Compiles `fixture_tuner.c` (the echo-off tuner) with `defines` into `directory/file`.
    static func buildTuner(_ file: String, in directory: String, defines: [String] = []) throws {
        try compile(fixture("fixture_tuner.c"), to: directory + "/" + file, defines: defines)
    }

    /// Builds contrib/example-probe/udpecho.c against the source tree's header and json-c.
    static func buildExampleProbe(to output: String) throws {
        let jsonC = try Command.check(["pkg-config", "--cflags", "--libs", "json-c"]).stdout.split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }.filter { !$0.isEmpty }
        try compile(TestEnvironment.packageRoot + "/contrib/example-probe/udpecho.c", to: output, flags: jsonC)
    }
}
