import NetAgentJSON

/// Asks every enabled tuner for its knobs and reads their current values. Changes nothing.
public enum KnobPlanner {
    /// The rows of every enabled tuner, in selection order then the tuner's own order; with
    /// `persist`, followed by the files that keep the sysctls across reboots. A knob that two
    /// tuners plan is an error naming both: each knob has one owner.
    public static func plan(_ selection: Selection, context: HostContext, persist: Bool = false) throws -> [KnobRow] {
        let tunerRows = try selection.modules(of: .tuner).flatMap { module in
            try rows(for: ModuleLoader.load(module), profile: selection.profile, config: selection.config(for: module), context: context)
        }
        var owners: [String: String] = [:]
        for row in tunerRows {
            if let owner = owners[row.key] {
                throw NetAgentError(
                    "modules \(owner) and \(row.module) both plan knob \(row.key); a knob can have only one owner, or each run undoes the other: disable one of them (--disable \(row.module))",
                    exitCode: .invalidConfig)
            }
            owners[row.key] = row.module
        }
        return persist ? tunerRows + (try PersistenceFiles.rows(persisting: tunerRows, context: context)) : tunerRows
    }

    /// One tuner's rows for a profile and config table.
    public static func rows(for module: LoadedModule, profile: Profile, config: [String: JSONValue], context: HostContext) throws
        -> [KnobRow]
    {
        let services = context.services(for: module)
        let knobs: [WireKnob]
        do {
            knobs = try module.plan(profile: profile, config: config, services: services)
        } catch let error as ModuleCallError where error.isUnsupported {
            throw NetAgentError("module \(module.name): plan reported unsupported without naming a knob: \(error.reason)")
        }
        var keys = Set<String>()
        return try knobs.map { knob in
            try KnobKey.validate(key: knob.key, module: module.name)
            try KnobKey.validate(value: knob.value, key: knob.key, module: module.name)
            guard keys.insert(knob.key).inserted else {
                throw NetAgentError("module \(module.name) planned knob \(knob.key) twice")
            }
            return try row(for: knob, of: module, services: services)
        }
    }

    private static func row(for knob: WireKnob, of module: LoadedModule, services: HostServices) throws -> KnobRow {
        if let reason = knob.unsupported {
            return KnobRow(
                module: module.name, key: knob.key, current: nil, desired: knob.value,
                action: .unsupported, why: knob.why, reason: reason)
        }
        do {
            let current = try module.read(key: knob.key, services: services)
            try KnobKey.validate(value: current, key: knob.key, module: module.name)
            return KnobRow(
                module: module.name, key: knob.key, current: current, desired: knob.value,
                action: current == knob.value ? .unchanged : .change, why: knob.why, reason: nil, afterChange: knob.afterChange)
        } catch let error as ModuleCallError where error.isUnsupported {
            return KnobRow(
                module: module.name, key: knob.key, current: nil, desired: knob.value,
                action: .unsupported, why: knob.why, reason: error.reason)
        }
    }
}
