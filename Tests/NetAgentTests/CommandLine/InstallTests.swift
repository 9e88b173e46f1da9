import Foundation
import Testing

/// `make install`: the installed program runs without the Swift toolchain, is stripped, links no
/// full Foundation, its modules export only their entry point, it has a clean manual, and a C probe builds from the installed SDK alone
/// (header, netagent.pc through PKG_CONFIG_PATH, json-c) and runs.
///
/// The release is built in .build-install, named by its absolute path (its own folder, so the
/// tests never wait on .build's lock while `swift test` holds it).
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root for the trust rule on installed modules"))
struct InstallTests {
    static let toolchain = "/opt/swift"
    static let scratch = TestEnvironment.packageRoot + "/.build-install"

    @discardableResult
    func make(_ arguments: [String]) throws -> CommandResult {
        let result = try Command.run(["make", "-C", TestEnvironment.packageRoot, "SCRATCH=\(Self.scratch)"] + arguments)
        guard result.status == 0 else { throw TestFailure("make \(arguments.joined(separator: " ")) failed: \(result.stderr)") }
        return result
    }

    @Test func anInstallIntoDestdirRunsWithoutTheToolchainAndTakesACProbeBuiltFromTheSDK() throws {
        // Both 0755: failed on 15b0cee, whose copy gave DESTDIR the staging folder's 0700.
        let destination = try TemporaryDirectory()
        try make(["install", "DESTDIR=\(destination.path)", "PREFIX=/usr"])
        #expect(try Self.mode(of: destination.path) == 0o755)
        #expect(try Self.mode(of: TemporaryDirectory.base) == 0o755)
        let prefix = destination.path + "/usr"
        for file in [
            "bin/netagent", "include/netagent/module.h", "include/netagent/knob.h", "share/pkgconfig/netagent.pc",
            "share/man/man1/netagent.1.gz",
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
            "make", "-C", example.path, "PKG_CONFIG_PATH=\(prefix)/share/pkgconfig",
            "CFLAGS=-O2 -Wall -Wextra -Werror",
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

    @Test func theInstalledFilesAreStrippedLinkNoFullFoundationExportOnlyTheEntryPointAndFitInThirtyFiveMegabytes() throws {
        let destination = try TemporaryDirectory()
        try make(["install", "DESTDIR=\(destination.path)", "PREFIX=/usr"])
        let prefix = destination.path + "/usr"
        let swiftLibraries = try FileManager.default.contentsOfDirectory(atPath: prefix + "/lib/netagent/swift")
        let modules = try FileManager.default.contentsOfDirectory(atPath: prefix + "/lib/netagent/modules")
        let elfFiles = [prefix + "/bin/netagent"] + modules.map { prefix + "/lib/netagent/modules/" + $0 }
        for file in elfFiles {
            let ldd = try Command.check(["env", "-i", "ldd", file]).stdout
            for library in ["libFoundation.so", "libFoundationInternationalization.so", "lib_FoundationICU.so"] {
                #expect(!ldd.contains(library), "\(file) loads \(library):\n\(ldd)")
            }
            let sections = try Command.check(["readelf", "-S", "-W", file]).stdout
            #expect(!sections.contains(".symtab") && !sections.contains(".debug_info"), "\(file) is not stripped")
            #expect(sections.contains(".gnu_debuglink"), "\(file) does not name its debug file")
            let buildID = try #require(
                try Command.check(["readelf", "-n", file]).stdout.split(separator: "\n").first { $0.contains("Build ID:") }?
                    .split(separator: " ").last.map(String.init))
            let debugFile = "\(prefix)/lib/debug/.build-id/\(buildID.prefix(2))/\(buildID.dropFirst(2)).debug"
            #expect(try Command.check(["readelf", "-S", "-W", debugFile]).stdout.contains(".debug_info"), "\(debugFile)")
        }
        for module in modules {
            let exported = try Self.exportedSymbols(of: prefix + "/lib/netagent/modules/" + module)
            #expect(exported == ["netagent_module_v1"], "\(module) exports \(exported.prefix(5))…")
        }
        #expect(!swiftLibraries.contains { $0.hasPrefix("libFoundation.") || $0.contains("ICU") }, "\(swiftLibraries)")
        let kilobytes = try Command.check(["du", "-sk", "--apparent-size", "--exclude=debug", prefix]).stdout.split(separator: "\t")[0]
        #expect(Int(kilobytes)! * 1024 <= 35_000_000, "installed: \(kilobytes) KiB")
    }

    /// A real `make install`, without DESTDIR, from a root shell whose umask is 077, in a
    /// throwaway copy of this machine's `/` (Tests/Fixtures/in-throwaway-root.sh): the directories
    /// that were there keep their modes, `/` first, and what it adds is readable by everyone.
    /// Failed on 15b0cee: `/` became 0700 and netagent.pc, the units and the completions 0600.
    @Test func aRealInstallWithoutDestdirLeavesTheRootAsItWasWhateverTheUmask() throws {
        let existing = ["/", "/usr", "/usr/local", "/usr/local/bin", "/usr/local/lib", "/etc"]
        let added = [
            "/usr/local/bin/netagent": "755 root", "/usr/local/lib/netagent/modules": "755 root",
            "/usr/local/share/pkgconfig/netagent.pc": "644 root", "/usr/local/lib/systemd/system/netagent-agent.service": "644 root",
            "/usr/local/share/bash-completion/completions/netagent": "644 root", "/etc/netagent": "755 root",
            "/etc/netagent/netagent.toml": "644 root",
        ]
        let result = try Command.run(
            [
                TestEnvironment.packageRoot + "/Tests/Fixtures/in-throwaway-root.sh", TestEnvironment.packageRoot,
                (existing + added.keys).joined(separator: " "), "make", "SCRATCH=\(Self.scratch)", "install",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let modes = Dictionary(
            uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line in
                let fields = line.split(separator: " ")
                return (String(fields[2]), String(fields[0]) + " " + String(fields[1]))
            })
        for path in existing {
            let before = String(try Self.mode(of: path), radix: 8) + " root"
            #expect(modes[path] == before, "\(path) was \(before), is \(modes[path] ?? "missing") after make install")
        }
        for (path, expected) in added {
            #expect(modes[path] == expected, "\(path) is \(modes[path] ?? "missing"), not \(expected)")
        }
    }

    /// The permission bits of `path`.
    static func mode(of path: String) throws -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { throw TestFailure("cannot stat \(path)") }
        return info.st_mode & 0o7777
    }

    /// The names of the symbols an ELF file defines for others to use (`readelf --dyn-syms`).
    static func exportedSymbols(of file: String) throws -> [String] {
        try Command.check(["readelf", "--dyn-syms", "-W", file]).stdout.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 8, fields[4] == "GLOBAL" || fields[4] == "WEAK", fields[6] != "UND" else { return nil }
            return String(fields[7])
        }
    }

    @Test func theManualHasNoMdocWarningsAndEveryPageItRefersToIsInstalled() throws {
        let destination = try TemporaryDirectory()
        try make(["install", "DESTDIR=\(destination.path)", "PREFIX=/usr"])
        let manual = destination.path + "/usr/share/man"
        let pages = try FileManager.default.subpathsOfDirectory(atPath: manual).filter { $0.hasSuffix(".gz") }
        #expect(pages.contains("man1/netagent.1.gz") && pages.contains("man5/netagent.toml.5.gz"), "\(pages)")
        #expect(!pages.contains { $0.contains("module-host") })
        for page in pages {
            let path = manual + "/" + page
            let warnings = try Command.run(["man", "--warnings", "-l", "-Tutf8", "-Z", path], environment: ["LC_ALL": "C.UTF-8"]).stderr
            #expect(warnings.isEmpty, "\(page): \(warnings)")
            #expect(try Command.run(["lexgrog", path]).status == 0, "\(page): whatis cannot read its NAME")
            let text = try Command.run(["man", "-l", path], environment: ["LC_ALL": "C.UTF-8", "MANWIDTH": "200"]).stdout
            for reference in Self.seeAlso(in: text) {
                #expect(pages.contains { $0.hasSuffix("/" + reference + ".gz") }, "\(page) refers to \(reference), which is not installed")
            }
        }
        let main = try Command.run(["man", "-l", manual + "/man1/netagent.1.gz"], environment: ["LC_ALL": "C.UTF-8"]).stdout
        for section in ["CONFIGURATION", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
            #expect(main.contains("\n" + section + "\n"), "netagent(1) has no \(section) section")
        }
        #expect(main.contains("/var/lib/netagent/journal/") && main.contains("netagent.toml(5)"))
    }

    /// The pages a rendered page's SEE ALSO lists, as file names: "netagent.run(1)" → "netagent.run.1".
    static func seeAlso(in text: String) -> [String] {
        guard let start = text.range(of: "\nSEE ALSO\n") else { return [] }
        let section = String(text[start.upperBound...]).components(separatedBy: "\n\n")[0]
        return section.split(whereSeparator: { $0 == "," || $0.isWhitespace }).compactMap { word in
            guard let open = word.firstIndex(of: "("), word.hasSuffix(")") else { return nil }
            return word[..<open] + "." + word[word.index(after: open)..<word.index(before: word.endIndex)]
        }
    }

    /// How many modules the build made: what an install must carry.
    static var builtModules: Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestEnvironment.buildDirectory)) ?? []
        return names.filter { $0.hasPrefix("libnetagent-") && $0.hasSuffix(".so") }.count
    }
}
