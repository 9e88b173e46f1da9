import NetAgentSystem

/// The native files `run --persist` writes so settings survive a reboot without netagent:
/// `/etc/sysctl.d/99-netagent.conf` with every supported sysctl the run sets. Limits and
/// resolved drop-ins are already native files; NIC offloads need the boot unit in contrib/.
/// These files are knobs owned by `netagent` itself, so the journal records them and
/// `rollback` removes them.
struct PersistenceFiles: KnobOwner {
    /// The owner name in the journal.
    static let ownerName = ModuleName.reserved
    static let sysctlDirectory = "/etc/sysctl.d"
    static let sysctlFile = sysctlDirectory + "/99-netagent.conf"

    var name: String { Self.ownerName }

    /// The supported knobs among `rows` that no file keeps across a reboot: neither sysctls
    /// (which the sysctl.d file keeps) nor files and directories (which keep themselves), such as
    /// sysfs attributes and NIC features. A boot-time run must apply them again.
    public static func notPersisted(_ rows: [KnobRow]) -> [KnobRow] {
        rows.filter { row in
            row.action != .unsupported && !["sysctl:", "file:", "dir:"].contains { row.key.hasPrefix($0) }
        }
    }

    /// The rows that persist the sysctls among `rows`: the directory when missing, then the file.
    static func rows(persisting rows: [KnobRow], context: HostContext) throws -> [KnobRow] {
        let sysctls = rows.filter { $0.key.hasPrefix("sysctl:") && $0.action != .unsupported }
        guard !sysctls.isEmpty else { return [] }
        let owner = PersistenceFiles()
        var content =
            "# Written by `netagent run --persist`: applied at boot by systemd-sysctl.\n"
            + "# `netagent rollback` removes it; do not edit.\n"
        for row in sysctls { content += "\(row.key.dropFirst("sysctl:".count)) = \(row.desired)\n" }
        var persisted: [KnobRow] = []
        let directoryKey = "dir:" + sysctlDirectory
        if try owner.read(key: directoryKey, context: context) == nil {
            persisted.append(
                KnobRow(
                    module: ownerName, key: directoryKey, current: nil, desired: KnobDirectory.present,
                    action: .change, why: "holds the sysctl settings systemd-sysctl applies at boot", reason: nil))
        }
        let fileKey = "file:" + sysctlFile
        let current = try owner.read(key: fileKey, context: context)
        persisted.append(
            KnobRow(
                module: ownerName, key: fileKey, current: current, desired: content,
                action: current == content ? .unchanged : .change,
                why: "re-applies these sysctls at every boot, with or without netagent", reason: nil))
        return persisted
    }

    func read(key: String, context: HostContext) throws -> String? {
        let path = try self.path(of: key, context: context)
        do {
            return key.hasPrefix("dir:") ? try KnobDirectory.read(path) : try DurableFile.read(path)
        } catch {
            throw TextFile.failure(error)
        }
    }

    /// Creates, replaces or removes the directory or the file. Removing the directory removes the
    /// temporary file a crash may have left in it while the file was written.
    func write(key: String, value: String?, context: HostContext) throws {
        let path = try self.path(of: key, context: context)
        do {
            switch (key.hasPrefix("dir:"), value) {
            case (true, let value?): try KnobDirectory.write(path, value: value)
            case (true, nil): try KnobDirectory.remove(path)
            case (false, let value?): try DurableFile.replace(path, with: value, newFileMode: 0o644)
            case (false, nil): try DurableFile.remove(path)
            }
        } catch {
            throw TextFile.failure(error)
        }
    }

    /// The path below the root of one of the two keys this owner has.
    private func path(of key: String, context: HostContext) throws -> RootedPath {
        guard key == "dir:" + Self.sysctlDirectory || key == "file:" + Self.sysctlFile else {
            throw NetAgentError("netagent's own knobs are dir:\(Self.sysctlDirectory) and file:\(Self.sysctlFile), not \(key)")
        }
        return RootedPath(root: context.root, String(key.drop { $0 != ":" }.dropFirst()))
    }
}
