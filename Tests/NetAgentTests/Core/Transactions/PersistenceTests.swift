import Foundation
import Testing

/// `run --persist`: the sysctl.d file is a knob of its own, verified by status and removed by rollback.
@Suite struct PersistenceTests {
    func tree() throws -> SysctlTree {
        let tree = try SysctlTree([
            "net.ipv4.tcp_congestion_control": "cubic",
            "net.ipv4.tcp_available_congestion_control": "reno cubic bbr",
            "net.core.default_qdisc": "pfifo_fast",
        ])
        try FileManager.default.createDirectory(atPath: tree.root + "/etc", withIntermediateDirectories: true)
        return tree
    }

    @Test func persistWritesEverySupportedSysctlToSysctlD() throws {
        let root = try tree()
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--persist", "--enable", "bbr", "--root", root.root, "--state-dir", state.path])
        #expect(run.status == 0, "\(run.stderr)")
        let file = try #require(root.directory.read("etc/sysctl.d/99-netagent.conf"))
        #expect(file.contains("\nnet.ipv4.tcp_congestion_control = bbr\n"))
        #expect(file.contains("\nnet.core.default_qdisc = fq\n"))
        #expect(
            try Command.netagent(["status", "--persist", "--enable", "bbr", "--root", root.root, "--state-dir", state.path]).status == 0)
    }

    @Test func rollbackRemovesThePersistenceFileAndTheDirectoryItCreated() throws {
        let root = try tree()
        let before = try root.directory.snapshot()
        let state = try TemporaryDirectory()
        #expect(try Command.netagent(["run", "--persist", "--enable", "bbr", "--root", root.root, "--state-dir", state.path]).status == 0)
        #expect(try Command.netagent(["rollback", "--root", root.root, "--state-dir", state.path]).status == 0)
        #expect(try root.directory.snapshot() == before)
    }

    @Test func aPersistenceFileEditedByHandIsDrift() throws {
        let root = try tree()
        let state = try TemporaryDirectory()
        #expect(try Command.netagent(["run", "--persist", "--enable", "bbr", "--root", root.root, "--state-dir", state.path]).status == 0)
        try root.directory.write("etc/sysctl.d/99-netagent.conf", "net.ipv4.tcp_congestion_control = cubic\n")
        let status = try Command.netagent([
            "status", "--persist", "--enable", "bbr", "--root", root.root, "--state-dir", state.path, "--json",
        ])
        #expect(status.status == 2)
        let drifted = (try status.json()["knobs"] as? [[String: Any]] ?? []).filter { $0["status"] as? String == "drifted" }
        #expect(drifted.compactMap { $0["key"] as? String } == ["file:/etc/sysctl.d/99-netagent.conf"])
    }

    @Test func withoutAnEtcDirectoryTheRunFailsNamingTheDirectory() throws {
        let root = try SysctlTree(["net.ipv4.tcp_fastopen": "1"])
        let state = try TemporaryDirectory()
        let run = try Command.netagent(["run", "--persist", "--enable", "tcp", "--root", root.root, "--state-dir", state.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains(root.root + "/etc/sysctl.d: cannot create the directory: No such file or directory"))
        #expect(root.value("net.ipv4.tcp_fastopen") == "1", "the sysctl written first was restored")
    }

    @Test func aModuleCannotTakeTheNameReservedForNetagentsOwnKnobs() throws {
        let modules = try TemporaryDirectory()
        try FixtureModule.build("reserved.so", in: modules.path, defines: ["FIXTURE_NAME=\"netagent\""])
        let list = try Command.netagent(["list-modules", "--module-path", modules.path, "--json"])
        let record = try #require(
            (try list.json()["modules"] as? [[String: Any]])?.first { ($0["path"] as? String)?.hasSuffix("reserved.so") == true })
        #expect(record["state"] as? String == "refused")
        #expect((record["reason"] as? String)?.contains("reserved") == true)
    }
}
