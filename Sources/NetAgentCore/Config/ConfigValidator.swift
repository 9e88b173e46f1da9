/// Checks a config file against the modules found, so nothing is applied from a config with a mistake in it.
public enum ConfigValidator {
    /// Checks every layer: module names in enable, disable and tables; keys and types in each table.
    static func validate(_ config: ConfigFile, catalog: ModuleCatalog) throws {
        let source = config.path ?? "command line"
        let layers = [("top level", config.base)] + config.hosts.map { ("[host.\"\($0.pattern)\"]", $0.layer) }
        for (context, layer) in layers {
            for name in (layer.enable ?? []) + (layer.disable ?? []) {
                try requireModule(name, in: catalog, source: "\(source): \(context)")
            }
            for (name, entries) in layer.moduleTables.sorted(by: { $0.key < $1.key }) {
                let module = try requireModule(name, in: catalog, source: "\(source): \(context): [\(name)]")
                try checkTable(entries, of: module, source: "\(source): \(context): [\(name)]")
            }
        }
    }

    /// The usable module named `name`; throws unless there is one, suggesting the nearest name
    /// and listing the ones that are.
    @discardableResult
    public static func requireModule(_ name: String, in catalog: ModuleCatalog, source: String) throws -> AvailableModule {
        if let module = catalog.module(named: name) { return module }
        let names = catalog.modules.map(\.name)
        let suggestion = NameSuggestion.closest(to: name, in: names).map { " (did you mean \"\($0)\"?)" } ?? ""
        let known = names.isEmpty ? "none" : names.joined(separator: ", ")
        throw NetAgentError(
            "\(source): no module named \"\(name)\"\(suggestion); modules found: \(known) (see `netagent list-modules`)",
            exitCode: .invalidConfig)
    }

    private static func checkTable(_ entries: [String: ConfigValue], of module: AvailableModule, source: String) throws {
        let schema = try ModuleConfigSchema(json: module.configSchema, module: module.name)
        for (key, value) in entries.sorted(by: { $0.key < $1.key }) {
            if module.kind == .probe, let type = ProbeTableKeys.types[key] {
                guard ModuleConfigSchema.accepts(schemaType: type, tomlType: value.type) else {
                    throw NetAgentError("\(source): \(key) must be of type \(type), not \(value.type)", exitCode: .invalidConfig)
                }
                continue
            }
            guard let property = schema.properties[key] else {
                var known = schema.properties.keys.sorted()
                if module.kind == .probe { known = ProbeTableKeys.types.keys.sorted() + known }
                throw NetAgentError(
                    "\(source): unknown key \"\(key)\"; \(module.name) takes \(known.isEmpty ? "no keys" : known.joined(separator: ", "))",
                    exitCode: .invalidConfig)
            }
            guard ModuleConfigSchema.accepts(schemaType: property.type, tomlType: value.type) else {
                throw NetAgentError(
                    "\(source): \(key) must be of type \(property.type ?? "any"), not \(value.type)", exitCode: .invalidConfig)
            }
        }
    }
}
