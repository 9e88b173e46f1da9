import Glibc
import NetAgentSystem
import Testing

/// A directory knob's values: the mode is part of the value, so a read-back tells a directory
/// others cannot read from the one that was asked for, and a rollback can restore either.
struct KnobDirectoryTests {
    func mode(_ path: String) -> mode_t {
        var info = stat()
        stat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test func aWriteMakesTheModeItsValueNamesAndAReadSaysIt() throws {
        let directory = try TemporaryDirectory()
        let made = RootedPath(root: directory.path, "/made")
        let path = directory.path + "/made"
        #expect(try KnobDirectory.read(made) == nil)
        try KnobDirectory.write(made, value: KnobDirectory.present)
        #expect(try mode(path) == 0o755 && KnobDirectory.read(made) == "directory")
        chmod(path, 0o700)
        #expect(try KnobDirectory.read(made) == "directory mode 0700")
        try KnobDirectory.write(made, value: "directory")
        #expect(mode(path) == 0o755)
        try KnobDirectory.write(made, value: "directory mode 0750")
        #expect(try mode(path) == 0o750 && KnobDirectory.read(made) == "directory mode 0750")
    }

    @Test func aFileALinkOrABadValueIsAnError() throws {
        let directory = try TemporaryDirectory()
        try directory.write("file", "x")
        let inside = { (path: String) in RootedPath(root: directory.path, path) }
        #expect(throws: SystemCallError.self) { try KnobDirectory.read(inside("/file")) }
        symlink(directory.path, directory.path + "/link")
        #expect(throws: SystemCallError.self) { try KnobDirectory.read(inside("/link")) }
        #expect(throws: SystemCallError.self) { try KnobDirectory.write(inside("/link"), value: "directory") }
        #expect(throws: SystemCallError.self) { try KnobDirectory.write(inside("/new"), value: "directory mode 9999") }
        #expect(KnobDirectory.mode(of: "folder") == nil && KnobDirectory.mode(of: "directory mode 0700") == 0o700)
    }
}
