import Foundation
import Glibc
import Testing

/// Modules on filesystems a user controls are refused, whatever owner and mode they show: FUSE
/// (a user-space server reports them) and mounts with nosuid (user-mountable media, a user's
/// mounts). And the trust rule holds for any process in secure mode (a file-capability or
/// setuid copy of netagent run by a user), not only for root. All three fail on 15b0cee.
@Suite(.serialized, .enabled(if: TestEnvironment.isRoot, "needs root to mount and to make a throwaway user"))
struct ModuleFilesystemTrustTests {
    /// The `list-modules --json` record of the module named fixture found in `directory`.
    func fixture(in directory: String, as user: ThrowawayUser? = nil, netagent: String = TestEnvironment.netagent) throws -> [String: Any] {
        let arguments = [netagent, "list-modules", "--json", "--module-path", directory]
        let result = try user.map { try $0.run(arguments) } ?? Command.run(arguments)
        let modules = try #require(try result.json()["modules"] as? [[String: Any]], "\(result.stderr)")
        return try #require(modules.first { ($0["path"] as? String)?.hasSuffix("/fixture.so") == true }, "\(modules)")
    }

    @Test func aModuleOnANosuidMountIsRefusedNamingIt() throws {
        let tree = try TemporaryDirectory()
        let mountPoint = tree.path + "/media"
        mkdir(mountPoint, 0o755)
        try Command.check(["mount", "-t", "tmpfs", "-o", "nosuid,mode=0755", "media", mountPoint])
        defer { _ = try? Command.run(["umount", mountPoint]) }
        try FixtureModule.build("fixture.so", in: mountPoint)
        chmod(mountPoint + "/fixture.so", 0o755)
        let record = try fixture(in: mountPoint)
        #expect(record["state"] as? String == "refused")
        #expect((record["reason"] as? String)?.contains("is on a filesystem mounted nosuid") == true, "\(record)")
    }

    /// systemd's sandbox for `NoNewPrivileges=yes` (the agent unit's) bind-mounts `/usr` nosuid
    /// while `/` is the same filesystem without it: that is a system filesystem, not a user's.
    /// Failed before: a booted systemd showed the agent with no modules at all.
    @Test func aSystemFilesystemBindMountedNosuidAsSystemdsSandboxDoesIsTrusted() throws {
        let tree = try TemporaryDirectory()
        let modules = tree.path + "/modules"
        let view = tree.path + "/view"
        mkdir(modules, 0o755)
        mkdir(view, 0o755)
        try FixtureModule.build("fixture.so", in: modules)
        chmod(modules + "/fixture.so", 0o755)
        try Command.check(["mount", "--bind", modules, view])
        defer { _ = try? Command.run(["umount", view]) }
        try Command.check(["mount", "-o", "remount,bind,nosuid", view])
        let record = try fixture(in: view)
        #expect(record["state"] as? String == "loaded", "\(record)")
    }

    @Test func aModuleOnAFUSEMountThatClaimsRootIsRefused() throws {
        let user = try ThrowawayUser()
        let tree = try TemporaryDirectory()
        let theirs = tree.path + "/theirs"
        let mountPoint = tree.path + "/fuse"
        mkdir(theirs, 0o755)
        mkdir(mountPoint, 0o755)
        try FixtureModule.build("fixture.so", in: theirs)
        chown(theirs, user.uid, user.gid)
        chown(theirs + "/fixture.so", user.uid, user.gid)
        // The user's own files, shown as root's and 0755 by the FUSE server, mounted with suid.
        let server = try BackgroundProcess([
            "/usr/bin/bindfs", "-f", "--force-user=root", "--force-group=root", "--perms=0755", "-o", "suid,dev", theirs, mountPoint,
        ])
        defer {
            _ = try? Command.run(["fusermount", "-u", mountPoint])
            _ = server.waitForExit(timeoutMS: 2_000)
        }
        var info = stat()
        stat(mountPoint + "/fixture.so", &info)
        #expect(info.st_uid == 0, "bindfs shows the file as root's")
        let record = try fixture(in: mountPoint)
        #expect(record["state"] as? String == "refused")
        #expect((record["reason"] as? String)?.contains("is on a FUSE filesystem") == true, "\(record)")
    }

    @Test func aFileCapabilityCopyRunByAUserKeepsTheTrustRule() throws {
        let user = try ThrowawayUser()
        let tree = try TemporaryDirectory()
        let copy = tree.path + "/netagent"
        try Command.check(["cp", TestEnvironment.netagent, copy])
        try Command.check(["setcap", "cap_net_raw+ep", copy])
        let theirs = tree.path + "/theirs"
        mkdir(theirs, 0o755)
        try FixtureModule.build("fixture.so", in: theirs)
        chown(theirs, user.uid, user.gid)
        let record = try fixture(in: theirs, as: user, netagent: copy)
        #expect(record["state"] as? String == "refused", "\(record)")
        #expect((record["reason"] as? String)?.contains("is owned by uid \(user.uid)") == true, "\(record)")
        // The same binary without the capability, also copied where the user can run it (and
        // its helper): the checkout may lie below /root, which the user cannot enter.
        let plainCopy = tree.path + "/netagent-plain"
        try Command.check(["cp", TestEnvironment.netagent, plainCopy])
        let plain = try fixture(in: theirs, as: user, netagent: plainCopy)
        #expect(plain["state"] as? String == "loaded", "without secure mode a user may load their own module: \(plain)")
    }
}
