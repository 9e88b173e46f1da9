import Foundation
import Testing

/// `scripts/check-checkout.sh`, run by `make build`: as root, a checkout below a directory others
/// can write is stopped before building, with the directory named and what to do, because every
/// module built there would be refused.
@Suite(.enabled(if: TestEnvironment.isRoot, "the trust rule, and so the check, applies to root only"))
struct CheckoutCheckTests {
    static let script = TestEnvironment.packageRoot + "/scripts/check-checkout.sh"

    @Test func aCheckoutWhereOnlyRootCanWritePasses() throws {
        let directory = try TemporaryDirectory()
        let result = try Command.run([Self.script, directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    @Test func aCheckoutUnderAWorldWritableDirectoryIsStoppedNamingIt() throws {
        let parent = try TemporaryDirectory()
        chmod(parent.path, 0o1777)
        let checkout = parent.path + "/netagent"
        try FileManager.default.createDirectory(atPath: checkout, withIntermediateDirectories: false)
        let result = try Command.run([Self.script, checkout])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(parent.path) is owned by uid 0 with mode 1777"), "\(result.stderr)")
        #expect(result.stderr.contains("Clone the repository where only root can write"))
    }

    @Test func aCheckoutOwnedByAnotherUserIsStopped() throws {
        let checkout = try TemporaryDirectory()
        chown(checkout.path, 65534, 65534)
        let result = try Command.run([Self.script, checkout.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(checkout.path) is owned by uid 65534"), "\(result.stderr)")
    }
}
