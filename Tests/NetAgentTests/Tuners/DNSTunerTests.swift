import Foundation
import Testing

/// The dns tuner under `--root`: resolv.conf options, a symlinked resolv.conf, and systemd-resolved.
@Suite struct DNSTunerTests {
    func netagent(_ arguments: [String], _ tree: TemporaryDirectory, _ state: TemporaryDirectory) throws -> CommandResult {
        try Command.netagent(arguments + ["--enable", "dns", "--root", tree.path, "--state-dir", state.path])
    }

    @Test func resolvConfGetsShortTimeoutsAndKeepsTheOtherOptions() throws {
        let root = try TemporaryDirectory()
        try root.write("etc/resolv.conf", "nameserver 192.0.2.53\noptions edns0 timeout:5\nsearch example.org\noptions trust-ad\n")
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        let run = try netagent(["run", "--profile", "aggressive"], root, state)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            root.read("etc/resolv.conf")
                == "nameserver 192.0.2.53\noptions edns0 trust-ad timeout:1 attempts:2 rotate\nsearch example.org\n")
        let again = try netagent(["run", "--profile", "aggressive", "--json"], root, state)
        #expect(try again.json()["transaction"] == nil, "the edit is idempotent")
        #expect(try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path]).status == 0)
        #expect(try root.snapshot() == before)
    }

    @Test func aSymlinkedResolvConfIsEditedAtItsTargetAndStaysALink() throws {
        let root = try TemporaryDirectory()
        try root.write("run/resolvconf/resolv.conf", "nameserver 192.0.2.53\n")
        try FileManager.default.createDirectory(atPath: root.path + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/etc/resolv.conf", withDestinationPath: "../run/resolvconf/resolv.conf")
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        let run = try netagent(["run", "--json"], root, state)
        #expect(run.status == 0, "\(run.stderr)")
        let knob = try #require((try run.json()["knobs"] as? [[String: Any]])?.first)
        #expect(knob["key"] as? String == "file:/run/resolvconf/resolv.conf")
        #expect((knob["why"] as? String)?.contains("symlink to /run/resolvconf/resolv.conf") == true)
        #expect(
            try FileManager.default.destinationOfSymbolicLink(atPath: root.path + "/etc/resolv.conf") == "../run/resolvconf/resolv.conf")
        #expect(root.read("run/resolvconf/resolv.conf") == "nameserver 192.0.2.53\noptions timeout:2 attempts:2 rotate\n")
        #expect(try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path]).status == 0)
        #expect(try root.snapshot() == before)
    }

    @Test func aDanglingResolvConfSymlinkIsUnsupported() throws {
        let root = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root.path + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/etc/resolv.conf", withDestinationPath: "/run/systemd/resolve/stub-resolv.conf.gone")
        let plan = try Command.netagent(["run", "--dry-run", "--enable", "dns", "--root", root.path, "--json"])
        let knob = try #require((try plan.json()["knobs"] as? [[String: Any]])?.first)
        #expect((knob["reason"] as? String)?.contains("which does not exist") == true)
    }

    @Test func withSystemdResolvedADropInTurnsOnTheCacheAndRollbackRemovesIt() throws {
        let root = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root.path + "/run/systemd/resolve", withIntermediateDirectories: true)
        try root.write("etc/systemd/resolved.conf", "[Resolve]\n")
        try root.write("etc/resolv.conf", "nameserver 127.0.0.53\n")
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        let run = try netagent(["run"], root, state)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(root.read("etc/systemd/resolved.conf.d/90-netagent.conf")?.hasSuffix("[Resolve]\nCache=yes\nDNSStubListener=yes\n") == true)
        #expect(root.read("etc/resolv.conf") == "nameserver 127.0.0.53\n", "resolv.conf is resolved's to manage")
        #expect(try Command.netagent(["rollback", "--root", root.path, "--state-dir", state.path]).status == 0)
        #expect(try root.snapshot() == before)
    }

    /// The agent's unit runs with UMask=0077: the drop-in's directory is made 0755 and the
    /// drop-in 0644 all the same, so systemd-resolved (not root) can read them, and the read-back
    /// checks the directory's mode. Failed on 15b0cee: the directory was 0700, reported applied.
    @Test func underUmask077TheDropInDirectoryIsStillReadableByEveryone() throws {
        let root = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root.path + "/run/systemd/resolve", withIntermediateDirectories: true)
        try root.write("etc/systemd/resolved.conf", "[Resolve]\n")
        let state = try TemporaryDirectory()
        let run = try Command.run([
            TestEnvironment.packageRoot + "/Tests/Fixtures/with-umask.py", "077", TestEnvironment.netagent, "run", "--enable", "dns",
            "--root", root.path, "--state-dir", state.path, "--json",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        let keys = (try run.json()["knobs"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
        #expect(keys.contains("dir:/etc/systemd/resolved.conf.d"), "\(keys)")
        let attributes = try FileManager.default.attributesOfItem(atPath: root.path + "/etc/systemd/resolved.conf.d")
        #expect(attributes[.posixPermissions] as? Int == 0o755)
        let dropIn = try FileManager.default.attributesOfItem(atPath: root.path + "/etc/systemd/resolved.conf.d/90-netagent.conf")
        #expect(dropIn[.posixPermissions] as? Int == 0o644)
        let status = try netagent(["status", "--json"], root, state)
        #expect(status.status == 0, "\(status.stdout)")
    }

    /// An image tree whose `etc/resolv.conf` links to `/x/shadow`, with `x` a link to `/etc`:
    /// joined as strings, that path was the host's /etc/shadow, which a dry run printed, the
    /// journal copied and a run appended to. Here /etc/shadow is a decoy bind-mounted over it
    /// (Tests/Fixtures/with-decoy.sh), so a regression reaches only the decoy; inside the root the
    /// link names `etc/shadow` of the image, which it does not have. Failed on 1886c6e.
    @Test func aTreeWhoseLinksLeadToTheHostsShadowReachesNothingOutsideIt() throws {
        let root = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root.path + "/etc", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/etc/resolv.conf", withDestinationPath: "/x/shadow")
        try FileManager.default.createSymbolicLink(atPath: root.path + "/x", withDestinationPath: "/etc")
        let decoy = try TemporaryDirectory()
        let secret = "root:DECOY-HASH-1886c6e:20000:0:99999:7:::\n"
        try decoy.write("shadow", secret)
        let before = try root.snapshot()
        let state = try TemporaryDirectory()
        let netagent = { (arguments: [String]) in
            try Command.run(
                [
                    TestEnvironment.packageRoot + "/Tests/Fixtures/with-decoy.sh", decoy.path + "/shadow", "/etc/shadow",
                    TestEnvironment.netagent,
                ]
                    + arguments + ["--enable", "dns", "--root", root.path, "--state-dir", state.path])
        }
        let plan = try netagent(["run", "--dry-run", "--json"])
        #expect(!(plan.stdout + plan.stderr).contains("DECOY"), "\(plan.stdout)")
        let knob = try #require((try plan.json()["knobs"] as? [[String: Any]])?.first)
        #expect((knob["reason"] as? String)?.contains("points to /x/shadow, which does not exist") == true, "\(knob)")
        let run = try netagent(["run"])
        #expect(!(run.stdout + run.stderr).contains("DECOY"), "\(run.stderr)")
        #expect(decoy.read("shadow") == secret)
        #expect(try !state.snapshot().values.contains { $0.contains("DECOY") || $0.contains("ERFDT1") }, "no copy in the journal")
        #expect(try root.snapshot() == before)
    }
}
