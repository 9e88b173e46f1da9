import Foundation
import Testing

/// The tables a person reads: fitted to the terminal, whole when piped, and the loss table's
/// columns.
@Suite struct TableOutputTests {
    /// `netagent arguments` with standard output on a pseudo-terminal (Python's pty module), as
    /// at a prompt `columns` wide; its lines.
    func onATerminal(_ arguments: [String], columns: Int) throws -> [String] {
        let result = try Command.run(
            ["python3", "-c", "import pty, sys; pty.spawn(sys.argv[1:])", TestEnvironment.netagent] + arguments,
            environment: ["COLUMNS": "\(columns)"])
        return result.stdout.replacingOccurrences(of: "\r", with: "").split(separator: "\n").map(String.init)
    }

    @Test func onANarrowTerminalEveryLineFitsAndLongPathsKeepBothEnds() throws {
        let lines = try onATerminal(["list-modules"], columns: 90)
        #expect(lines.count > 10, "\(lines)")
        #expect(lines.allSatisfy { $0.count <= 90 }, "\(lines.map(\.count))")
        let bbr = try #require(lines.first { $0.hasPrefix("bbr ") })
        let path = try #require(bbr.split(separator: " ").first { $0.contains("…") }, "\(bbr)")
        #expect(path.hasPrefix("/") && path.hasSuffix("bbr.so"), "\(path)")
    }

    @Test func pipedOutputKeepsEveryCellWhole() throws {
        let result = try Command.run([TestEnvironment.netagent, "list-modules"], environment: ["COLUMNS": "40"])
        #expect(result.stdout.contains("/libnetagent-bbr.so") && !result.stdout.contains("…"))
    }

    @Test func theLossTableShowsBurstsDuplicatesAndReordering() throws {
        let result = try Command.netagent(["probe", "--enable", "loss", "--target", "127.0.0.1", "--count", "20", "--interval", "5"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.contains(["PROBE", "TARGET", "SENT", "LOST", "BURSTS", "LONGEST", "DUP", "REORDERED", "LATE", "CORRUPT"]))
        #expect(lines.contains(["loss", "127.0.0.1", "20", "0", "0", "0", "0", "0", "0", "0"]), "\(result.stdout)")
    }

    @Test func aProbeShowsOneProgressLineOnATerminalAndErasesIt() throws {
        let output = try onATerminal(
            ["probe", "--enable", "icmp", "--target", "127.0.0.1", "--count", "10", "--interval", "50"], columns: 120
        )
        .joined(separator: "\n")
        #expect(output.contains("\u{1B}[Kicmp 127.0.0.1: sent 10 of 10, lost 0, "), "\(output)")
        #expect(output.contains("\u{1B}[KPROBE"), "the line is erased before the table: \(output)")
    }

    @Test func thereIsNoProgressLineWhenStandardErrorIsNotATerminalOrWithJSON() throws {
        let piped = try Command.netagent(["probe", "--enable", "icmp", "--target", "127.0.0.1", "--count", "5", "--interval", "20"])
        #expect(piped.status == 0 && !piped.stderr.contains("sent"), "\(piped.stderr)")
        let json = try onATerminal(
            ["probe", "--enable", "icmp", "--target", "127.0.0.1", "--count", "5", "--interval", "20", "--json"], columns: 120)
        #expect(!json.joined().contains("\u{1B}[K"))
    }
}
