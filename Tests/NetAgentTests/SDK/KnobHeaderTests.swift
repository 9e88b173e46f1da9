import Foundation
import Testing

/// `netagent/knob.h`, the C helpers for tuners: paths below the root with `..` refused and links
/// resolved inside it, whole-file reads and atomic replacement that a rollback undoes byte for byte.
@Suite struct KnobHeaderTests {
    /// The checks of links out of the root failed on 1886c6e (the helpers joined strings).
    @Test func theHelpersRefuseDotDotStayInsideTheRootAndReplaceFilesAtomically() throws {
        let directory = try TemporaryDirectory()
        let root = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try outside.write("x.conf", "outside\n")
        try FixtureModule.compile(FixtureModule.fixture("knob_helpers_check.c"), to: directory.path + "/check", program: true)
        let result = try Command.run([directory.path + "/check", root.path, outside.path])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.hasSuffix(" 0 failed\n"), "\(result.stdout)")
    }

    @Test func aCTunerBuiltOnTheHelpersIsAppliedAndRolledBackByteForByte() throws {
        let directory = try TemporaryDirectory()
        let tree = try TemporaryDirectory()
        try tree.write("etc/hostname", "edge-7\n")
        let before = try tree.snapshot()
        try FixtureModule.compile(FixtureModule.fixture("file_tuner.c"), to: directory.path + "/conf-file.so")
        let common = [
            "--enable", "conf-file", "--module-path", directory.path, "--root", tree.path, "--state-dir", directory.path + "/state",
        ]
        let run = try Command.netagent(["run", "--no-probe"] + common)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(tree.read("etc/netagent-fixture.conf") == "tuned = 1\n")
        #expect(try Command.netagent(["status"] + common).status == 0)
        let check = try Command.netagent(["check-module", directory.path + "/conf-file.so"])
        #expect(check.status == 0, "\(check.stdout)")
        let rollback = try Command.netagent([
            "rollback", "--module-path", directory.path, "--root", tree.path, "--state-dir", directory.path + "/state",
        ])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(try tree.snapshot() == before)
    }
}
