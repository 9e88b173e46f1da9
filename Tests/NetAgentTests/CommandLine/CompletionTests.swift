import Foundation
import Testing

/// The bash completion netagent generates, run by a real bash as it would be at a prompt:
/// module names complete after --enable, --disable (within a comma-separated list) and describe.
@Suite struct CompletionTests {
    /// What bash offers for the command line `words` with the cursor at the end of the last word.
    func completions(_ words: [String]) throws -> [String] {
        // Loads the generated script and calls its function as bash's `complete -F` would.
        let script = """
            source <("$1" --generate-completion-script bash)
            shift
            COMP_WORDS=("$@")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            _netagent "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try Command.run(["bash", "-c", script, "bash", TestEnvironment.netagent, TestEnvironment.netagent] + words)
        guard result.status == 0 else { throw TestFailure("bash completion failed: \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func enableCompletesTheModuleNamesFoundOnTheSearchPath() throws {
        #expect(try completions(["run", "--enable", "tc"]) == ["tcp", "tcpconnect"])
    }

    @Test func aCommaSeparatedListCompletesTheNameAfterTheLastCommaAndSkipsNamesAlreadyGiven() throws {
        #expect(try completions(["probe", "--disable", "icmp,"]).contains("icmp,voice"))
        #expect(try !completions(["probe", "--disable", "icmp,"]).contains("icmp,icmp"))
        #expect(try completions(["status", "--enable", "bbr,tcpc"]) == ["bbr,tcpconnect"])
    }

    @Test func describeCompletesOneModuleName() throws {
        #expect(try completions(["describe", "vo"]) == ["voice"])
    }
}
