import Foundation
import Testing

/// `make install` and `make deb`: the installed program runs without the Swift toolchain, and a
/// C probe builds from the installed SDK alone (header, netagent.pc, json-c) and runs.
///
/// They build a release in .build-install (its own folder, so they never wait on .build's lock
/// while `swift test` holds it).
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for dpkg and the trust rule on installed modules"))
struct InstallTests {
    static let toolchain = "/opt/swift"

    @discardableResult
    func make(_ arguments: [String]) throws -> CommandResult {
        let result = try Command.run(["make", "-C", TestEnvironment.packageRoot, "SCRATCH=.build-install"] + arguments)
        guard result.status == 0 else { throw TestFailure("make \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
        return result
    }

    @Test func anInstallIntoDestdirRunsWithoutTheToolchainAndTakesACProbeBuiltFromTheSDK() throws {
        let destination = try TemporaryDirectory()
        try make(["install", "DESTDIR=\(destination.path)", "PREFIX=/usr"])
        let prefix = destination.path + "/usr"
        for file in [
            "bin/netagent", "include/netagent/module.h", "include/netagent/knob.h", "lib/pkgconfig/netagent.pc",
            "share/man/man1/netagent.1",
            "share/bash-completion/completions/netagent", "lib/systemd/system/netagent.service",
        ] {
            #expect(FileManager.default.fileExists(atPath: prefix + "/" + file), "\(file) is not installed")
        }
        #expect(FileManager.default.fileExists(atPath: destination.path + "/etc/netagent/netagent.toml"))

        let elfFiles =
            [prefix + "/bin/netagent"]
            + (try FileManager.default.contentsOfDirectory(atPath: prefix + "/lib/netagent/modules"))
            .map { prefix + "/lib/netagent/modules/" + $0 }
        for file in elfFiles {
            let ldd = try Command.run(["env", "-i", "ldd", file]).stdout
            #expect(!ldd.contains(Self.toolchain) && !ldd.contains("not found"), "\(file):\n\(ldd)")
        }

        // The C example, copied out of the source tree, built with only the installed SDK and json-c.
        let example = try TemporaryDirectory()
        for file in ["udpecho.c", "Makefile"] {
            try FileManager.default.copyItem(
                atPath: TestEnvironment.packageRoot + "/contrib/example-probe/" + file, toPath: example.path + "/" + file)
        }
        try Command.check([
            "make", "-C", example.path, "PKG_CONFIG_PATH=\(prefix)/lib/pkgconfig",
            "PKG_CONFIG_SYSROOT_DIR=\(destination.path)", "CFLAGS=-O2 -Wall -Wextra -Werror",
        ])
        try Command.check(["install", "-m", "0755", example.path + "/libnetagent-udpecho.so", prefix + "/lib/netagent/modules/"])

        let list = try Command.run(["env", "-i", prefix + "/bin/netagent", "list-modules", "--json"])
        let records = try #require(try list.json()["modules"] as? [[String: Any]])
        #expect(records.count == Self.builtModules + 1 && records.allSatisfy { $0["state"] as? String == "loaded" }, "\(records)")
        #expect(records.allSatisfy { $0["origin"] as? String == "installed" })

        let server = try UDPEchoServer()
        let probe = try Command.run([
            "env", "-i", prefix + "/bin/netagent", "probe", "--enable", "udpecho",
            "--target", "127.0.0.1:\(server.port)", "--count", "3", "--interval", "1", "--json",
        ])
        let target = try #require((try probe.json()["targets"] as? [[String: Any]])?.first, "\(probe.stderr)")
        #expect((target["samples_ns"] as? [Any])?.count == 3, "\(target)")
        #expect((target["samples_ns"] as? [Any])?.allSatisfy { $0 is NSNumber } == true, "\(target)")
        let check = try Command.run([
            "env", "-i", prefix + "/bin/netagent", "check-module", prefix + "/lib/netagent/modules/libnetagent-udpecho.so",
        ])
        #expect(check.status == 0, "\(check.stdout)")
    }

    /// How many modules the build made: what an install must carry.
    static var builtModules: Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestEnvironment.buildDirectory)) ?? []
        return names.filter { $0.hasPrefix("libnetagent-") && $0.hasSuffix(".so") }.count
    }

    @Test func theDebianPackageInstallsRunsAndRemovesCleanly() throws {
        let package = try make(["deb"]).stdout.split(separator: "\n").last { $0.hasSuffix(".deb") }.map(String.init) ?? ""
        defer { try? FileManager.default.removeItem(atPath: package) }
        #expect(package.hasSuffix(".deb"))
        try Command.check(["dpkg", "-i", package])
        defer { _ = try? Command.run(["dpkg", "--purge", "netagent"]) }
        let list = try Command.run(["env", "-i", "/usr/bin/netagent", "list-modules", "--json"])
        #expect((try list.json()["modules"] as? [[String: Any]])?.count == Self.builtModules)
        try Command.check(["dpkg", "--purge", "netagent"])
        #expect(!FileManager.default.fileExists(atPath: "/usr/bin/netagent"))
        #expect(!FileManager.default.fileExists(atPath: "/usr/lib/netagent"))
    }
}
