import Glibc
import NetAgentSystem
import Testing

/// Paths inside a `--root` tree: every link and `..` resolves inside the tree, at any depth, so a
/// tree built by someone else cannot point netagent at the host's files.
struct RootedPathTests {
    /// A root tree and, beside it, a directory standing for the rest of the host.
    func trees() throws -> (root: TemporaryDirectory, outside: TemporaryDirectory) {
        let root = try TemporaryDirectory()
        let outside = try TemporaryDirectory()
        try outside.write("secret", "outside\n")
        try root.write("secret", "inside\n")
        return (root, outside)
    }

    @Test func anAbsoluteLinkToADirectoryOutsideLandsInsideTheRoot() throws {
        let (root, outside) = try trees()
        symlink(outside.path, root.path + "/x")
        try root.write(String(outside.path.dropFirst()) + "/secret", "the root's own\n")
        #expect(try DurableFile.read(RootedPath(root: root.path, "/x/secret")) == "the root's own\n")
        #expect(try DurableFile.read(RootedPath(root: root.path, "/y/secret")) == nil)
    }

    @Test func aLinkClimbingAboveTheRootStopsAtTheRoot() throws {
        let (root, _) = try trees()
        symlink("../../../../../../../../secret", root.path + "/climb")
        #expect(try DurableFile.read(RootedPath(root: root.path, "/climb")) == "inside\n")
        #expect(try DurableFile.read(RootedPath(root: root.path, "/../../../../secret")) == "inside\n")
    }

    @Test func aReplaceOrRemoveThroughALinkedDirectoryChangesOnlyTheRoot() throws {
        let (root, outside) = try trees()
        symlink(outside.path, root.path + "/etc")
        let path = RootedPath(root: root.path, "/etc/secret")
        #expect(throws: SystemCallError.self) { try DurableFile.replace(path, with: "written\n", newFileMode: 0o644) }
        try DurableFile.remove(path)
        #expect(outside.read("secret") == "outside\n")
        try root.write(String(outside.path.dropFirst()) + "/secret", "the root's own\n")
        try DurableFile.replace(path, with: "written\n", newFileMode: 0o644)
        #expect(root.read(String(outside.path.dropFirst()) + "/secret") == "written\n")
        #expect(outside.read("secret") == "outside\n")
    }

    @Test func aDirectoryKnobThroughALinkIsMadeInsideTheRoot() throws {
        let (root, outside) = try trees()
        symlink(outside.path, root.path + "/etc")
        #expect(throws: SystemCallError.self) { try KnobDirectory.write(RootedPath(root: root.path, "/etc/made"), value: "directory") }
        var info = stat()
        #expect(stat(outside.path + "/made", &info) != 0, "nothing was made outside the root")
    }

    @Test func theHostRootOpensPathsAsTheyAre() throws {
        let (_, outside) = try trees()
        #expect(try DurableFile.read(RootedPath(root: "/", outside.path + "/secret")) == "outside\n")
        #expect(RootedPath(root: "/", "/etc/x").description == "/etc/x")
        #expect(RootedPath(root: "/srv/image", "/etc/x").description == "/srv/image/etc/x")
    }
}
