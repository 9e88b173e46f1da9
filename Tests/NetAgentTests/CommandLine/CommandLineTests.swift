import Foundation
import Testing

/// The `netagent` program as a user meets it: help, errors and exit codes.
@Suite struct CommandLineTests {
    @Test func listModulesShowsBothBuiltInModulesAsLoaded() throws {
        let result = try Command.netagent(["list-modules"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("NAME") == true)
        #expect(lines.contains { $0.hasPrefix("bbr ") && $0.contains("tuner") && $0.contains("loaded") })
        #expect(lines.contains { $0.hasPrefix("tcpconnect ") && $0.contains("probe") && $0.contains("loaded") })
    }

    @Test func helpDocumentsTheExitCodes() throws {
        let help = try Command.netagent(["--help"])
        #expect(help.status == 0)
        for code in ["0   success", "2   status found drifted", "3   a transaction failed and restoring failed too", "4   invalid config"] {
            #expect(help.stdout.contains(code), "--help lacks \"\(code)\"")
        }
    }

    @Test(arguments: ["list-modules", "run", "status", "rollback", "describe", "probe"])
    func everyCommandTakesTheGlobalOptions(command: String) throws {
        let help = try Command.netagent([command, "--help"])
        for option in ["--json", "--config", "--module-path", "--root", "--state-dir"] {
            #expect(help.stdout.contains(option), "\(command) --help lacks \(option)")
        }
    }

    @Test func aConfigSyntaxErrorExitsFourNamingTheFileLineAndColumn() throws {
        let directory = try TemporaryDirectory()
        try directory.write("netagent.toml", "profile = \"moderate\"\nenable = [\"bbr\"\n")
        let result = try Command.netagent(["run", "--dry-run", "--config", directory.path + "/netagent.toml"])
        #expect(result.status == 4)
        #expect(result.stderr.contains(directory.path + "/netagent.toml:2:17: "))
    }

    @Test func anInvalidConfigAppliesNothing() throws {
        let tree = try SysctlTree([
            "net.ipv4.tcp_congestion_control": "cubic",
            "net.ipv4.tcp_available_congestion_control": "reno cubic bbr",
        ])
        let state = try TemporaryDirectory()
        try state.write("netagent.toml", "enable = [\"bbr\"]\n[bbr]\nfast = true\n")
        let result = try Command.netagent([
            "run", "--config", state.path + "/netagent.toml", "--root", tree.root, "--state-dir", state.path,
        ])
        #expect(result.status == 4)
        #expect(result.stderr.contains("unknown key \"fast\""))
        #expect(tree.value("net.ipv4.tcp_congestion_control") == "cubic")
    }

    @Test func hostPreviewsAnotherHostsSectionInADryRun() throws {
        let directory = try TemporaryDirectory()
        try directory.write(
            "netagent.toml",
            """
            enable = ["bbr"]
            [host."edge-*"]
            profile = "aggressive"
            """)
        let result = try Command.netagent(["run", "--dry-run", "--host", "edge-7", "--json", "--config", directory.path + "/netagent.toml"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try result.json()
        #expect(report["hostname"] as? String == "edge-7")
        #expect(report["host_section"] as? String == "edge-*")
        #expect(report["profile"] as? String == "aggressive")
    }

    @Test func hostWithoutDryRunIsAUsageError() throws {
        let result = try Command.netagent(["run", "--host", "edge-7"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--host only previews"))
    }

    @Test func anUnknownProfileExitsFourListingTheProfiles() throws {
        let result = try Command.netagent(["run", "--dry-run", "--profile", "turbo"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("aggressive, moderate, conservative"))
    }

    @Test func aMistypedModuleNameSuggestsTheNearestOne() throws {
        let result = try Command.netagent(["run", "--dry-run", "--enable", "bbrr"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("no module named \"bbrr\" (did you mean \"bbr\"?)"), "\(result.stderr)")
    }

    @Test func versionPrintsTheVersionTheModuleABIAndTheSearchPathInOrder() throws {
        let modules = try TemporaryDirectory()
        let result = try Command.netagent(["--version"], environment: ["NETAGENT_MODULE_PATH": modules.path])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("netagent ") == true && lines.contains("module ABI 1"), "\(result.stdout)")
        let environment = try #require(lines.firstIndex(of: "  \(modules.path) (NETAGENT_MODULE_PATH)"), "\(result.stdout)")
        let installed = try #require(lines.firstIndex { $0.hasSuffix("/lib/netagent/modules (installed)") })
        #expect(environment < installed)
    }

    @Test func errorsAreAlsoPrintedAsJSONWithJSON() throws {
        let result = try Command.netagent(["describe", "wifi", "--json"])
        #expect(result.status == 4)
        let error = try result.json()
        #expect((error["error"] as? String)?.contains("no module named \"wifi\"") == true)
        #expect(error["exit_code"] as? Int == 4)
    }

    @Test func aRelativeRootIsRefused() throws {
        let result = try Command.netagent(["status", "--root", "relative/dir"])
        #expect(result.status == 4)
        #expect(result.stderr.contains("--root relative/dir"))
    }

    @Test func modulesInNetagentModulePathAreFound() throws {
        let modules = try TemporaryDirectory()
        try FixtureModule.build("env.so", in: modules.path, defines: ["FIXTURE_NAME=\"from-env\""])
        let result = try Command.netagent(["list-modules", "--json"], environment: ["NETAGENT_MODULE_PATH": modules.path])
        let records = try #require(try result.json()["modules"] as? [[String: Any]])
        let record = try #require(records.first { $0["name"] as? String == "from-env" })
        #expect(record["origin"] as? String == "NETAGENT_MODULE_PATH")
    }

    @Test func modulePathComesFirstAndShadowsTheBuiltInModule() throws {
        let modules = try TemporaryDirectory()
        try FixtureModule.build("mine.so", in: modules.path, defines: ["FIXTURE_NAME=\"tcpconnect\""])
        let result = try Command.netagent(["list-modules", "--module-path", modules.path, "--json"])
        let records = try #require(try result.json()["modules"] as? [[String: Any]])
        let named = records.filter { $0["name"] as? String == "tcpconnect" }
        #expect(named.first?["origin"] as? String == "--module-path")
        #expect(named.first?["state"] as? String == "loaded")
        #expect(named.last?["state"] as? String == "shadowed")
    }
}
