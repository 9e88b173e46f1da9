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
            var module = AvailableModule(
                name: name, kind: kind, version: record.version ?? "", summary: record.summary ?? "",
                configSchema: record.configSchema, path: record.path)
            module.targetsAtOnce = record.targetsAtOnce ?? false
            return module
        }
    }

    /// The usable module called `name`.
    public func module(named name: String) -> AvailableModule? {
        modules.first { $0.name == name }
    }
}
