import Foundation
import NetAgentSystem
import Testing

/// `DurableFile.replace` with content written piece by piece, as `--prometheus` writes a file
/// of tens of megabytes without holding it whole.
@Suite struct DurableFileTests {
    /// The names in `directory` that end as `replace`'s temporary files do.
    func temporaries(in directory: TemporaryDirectory) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(DurableFile.temporarySuffix) }
    }

    @Test func aFileWrittenInPiecesHoldsEveryPieceInOrderWithTheModeAsked() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/pieces.txt"
        // About 200 KiB: several of the writer's 64 KiB buffers, and a piece across each boundary.
        let lines = (0..<20_000).map { "line \($0)\n" }
        try DurableFile.replace(path, newFileMode: 0o644) { (file: inout DurableFile.Writer) throws(SystemCallError) in
            for line in lines { try file.append(line.utf8) }
        }
        #expect(directory.read("pieces.txt") == lines.joined())
        var info = stat()
        #expect(stat(path, &info) == 0 && info.st_mode & 0o7777 == 0o644)
        #expect(try temporaries(in: directory).isEmpty)
    }

    @Test func aFailureHalfwayThroughLeavesTheOldFileAndNoTemporary() throws {
        let directory = try TemporaryDirectory()
        try directory.write("report.prom", "old\n")
        let path = directory.path + "/report.prom"
        let failure = SystemCallError("make the text of", path, code: EIO)
        #expect(throws: failure) {
            try DurableFile.replace(path, newFileMode: 0o644) { (file: inout DurableFile.Writer) throws(SystemCallError) in
                // More than a buffer, so part of it reached the temporary file before the failure.
                try file.append([UInt8](repeating: UInt8(ascii: "x"), count: 100_000))
                throw failure
            }
        }
        #expect(directory.read("report.prom") == "old\n")
        #expect(try temporaries(in: directory).isEmpty)
    }
}
