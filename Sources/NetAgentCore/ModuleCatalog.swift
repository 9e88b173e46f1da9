/// A module that discovery found usable: what it says of itself, read in a helper process.
/// Nothing of it runs in this process until `ModuleLoader.load` is called for it.
public struct AvailableModule: Sendable, Equatable {
    /// The module's unique name.
    public let name: String
    public let kind: ModuleKind
    public let version: String
    public let summary: String
    /// JSON Schema of its config table, or nil.
    public let configSchema: String?
    /// The file it is loaded from.
    public let path: String
}

/// Every module file found, in search order, and the usable modules by name.
public struct ModuleCatalog: Sendable {
    /// One record per module file found, in search order.
    public let records: [ModuleRecord]
    /// The usable modules (records in state `loaded`), in search order.
    public let modules: [AvailableModule]

    public init(records: [ModuleRecord]) {
        self.records = records
        modules = records.compactMap { record in
            guard record.state == .loaded, let name = record.name, let kind = record.kind else { return nil }
            return AvailableModule(name: name, kind: kind, version: record.version ?? "", summary: record.summary ?? "",
                                   configSchema: record.configSchema, path: record.path)
        }
    }

    /// The usable module called `name`.
    public func module(named name: String) -> AvailableModule? {
        modules.first { $0.name == name }
    }
}
