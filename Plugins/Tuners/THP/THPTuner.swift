import NetAgentModuleKit

/// The thp tuner: transparent huge pages off, so no allocation stalls on compaction.
struct THPTuner: Tuner {
    static let directory = "/kernel/mm/transparent_hugepage"
    static let enabled = SysfsKnob.key(directory + "/enabled")
    static let defrag = SysfsKnob.key(directory + "/defrag")

    let info = ModuleInfo(
        name: "thp", version: "1.0.0",
        summary: "Transparent huge pages enabled and defrag set to never: no compaction stalls")

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        [
            Knob(
                key: Self.enabled, value: "never",
                why: "khugepaged and huge-page faults can stall a thread for milliseconds; an audio path wants steady latency",
                unsupported: try unsupportedReason(Self.enabled, context)),
            Knob(
                key: Self.defrag, value: "never",
                why: "direct compaction on a page fault blocks the faulting thread; never avoids the stall",
                unsupported: try unsupportedReason(Self.defrag, context)),
        ]
    }

    /// Why the attribute cannot take "never" here, or nil.
    private func unsupportedReason(_ key: String, _ context: ModuleContext) throws -> String? {
        let text: String
        do {
            text = try SysfsKnob.read(key: key, context: context)
        } catch ModuleError.unsupported {
            return "this kernel has no transparent huge pages (\(key.dropFirst(SysfsKnob.keyPrefix.count)) is missing)"
        }
        // A file holding one plain word (as under --root) lists no choices to check.
        let offered = SysfsKnob.choices(text).all
        return offered.count <= 1 || offered.contains("never") ? nil : "\(key) does not offer never (it offers: \(text))"
    }

    func read(key: String, context: ModuleContext) throws -> String? {
        try StandardKnob.require(key, in: [Self.enabled, Self.defrag], module: info.name)
        let text = try SysfsKnob.read(key: key, context: context)
        guard let selected = SysfsKnob.choices(text).selected else {
            throw ModuleError.failed("cannot tell which choice \(key) has selected from \"\(text)\"")
        }
        return selected
    }

    func write(key: String, value: String?, context: ModuleContext) throws {
        try StandardKnob.require(key, in: [Self.enabled, Self.defrag], module: info.name)
        try SysfsKnob.write(key: key, value: value, context: context)
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(THPTuner()) }
