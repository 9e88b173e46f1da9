import Foundation

/// A copy of the built `netagent` and its modules in a directory every user can reach, for the
/// tests that run it as an unprivileged user: the checkout itself may sit below a directory only
/// root can enter (a clone into `mktemp -d`, mode 0700), where such a user finds no module.
enum ReachableBuild {
    private static let copy = Result { () throws -> TemporaryDirectory in
        let directory = try TemporaryDirectory()
        let names = try FileManager.default.contentsOfDirectory(atPath: TestEnvironment.buildDirectory)
        for name in names where name == "netagent" || (name.hasPrefix("libnetagent-") && name.hasSuffix(".so")) {
            try FileManager.default.copyItem(atPath: TestEnvironment.buildDirectory + "/" + name, toPath: directory.path + "/" + name)
        }
        return directory
    }

    /// The copied `netagent`; its modules lie beside it, in its build-folder search directory.
    static var netagent: String {
        get throws { try copy.get().path + "/netagent" }
    }
}
