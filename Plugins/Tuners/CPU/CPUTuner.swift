import NetAgentModuleKit

/// The cpu tuner: the performance governor on every CPU with cpufreq, and the matching
/// energy-performance preference where the driver has one.
struct CPUTuner: Tuner {
    static let cpuDirectory = "/devices/system/cpu"
    static let governor = "scaling_governor"
    static let preference = "energy_performance_preference"
    static let preferenceValue = PerProfile(aggressive: "performance", moderate: "performance", conservative: "balance_performance")

    let info = ModuleInfo(
        name: "cpu", version: "1.0.0",
        summary: "Performance governor and energy-performance preference on every CPU with cpufreq")

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        let cpus = try cpuNames(context)
        var knobs: [Knob] = []
        for cpu in cpus {
            let base = "\(Self.cpuDirectory)/\(cpu)/cpufreq"
            guard try DirectoryEntries.names(in: context.path("/sys" + base)) != nil else { continue }
            knobs.append(
                Knob(
                    key: SysfsKnob.key(base + "/" + Self.governor), value: "performance",
                    why: "the performance governor keeps the clock high, so a wake-up to handle a packet does not wait for ramp-up",
                    unsupported: try missingChoice("performance", in: base + "/scaling_available_governors", context)))
            if try KnobFile.read(context.path("/sys" + base + "/" + Self.preference)) != nil {
                let value = Self.preferenceValue[request.profile]
                knobs.append(
                    Knob(
                        key: SysfsKnob.key(base + "/" + Self.preference), value: value,
                        why: "tells the hardware to favour speed over power saving when it picks a frequency",
                        unsupported: try missingChoice(value, in: base + "/energy_performance_available_preferences", context)))
            }
        }
        if knobs.isEmpty {
            return [
                Knob(
                    key: SysfsKnob.key("\(Self.cpuDirectory)/\(cpus.first ?? "cpu0")/cpufreq/\(Self.governor)"), value: "performance",
                    why: "the performance governor keeps the clock high, so a wake-up to handle a packet does not wait for ramp-up",
                    unsupported: "no CPU has cpufreq (usual in virtual machines, where the hypervisor sets the frequency)")
            ]
        }
        return knobs
    }

    /// `cpu0`, `cpu1`, ... in numeric order.
    private func cpuNames(_ context: ModuleContext) throws -> [String] {
        let names = try DirectoryEntries.names(in: context.path("/sys" + Self.cpuDirectory)) ?? []
        return names.compactMap { name -> (String, Int)? in
            guard name.hasPrefix("cpu"), let number = Int(name.dropFirst(3)) else { return nil }
            return (name, number)
        }.sorted { $0.1 < $1.1 }.map(\.0)
    }

    /// Why `value` cannot be set, when the list of available choices exists and lacks it.
    private func missingChoice(_ value: String, in relative: String, _ context: ModuleContext) throws -> String? {
        guard let available = try KnobFile.read(context.path("/sys" + relative)) else { return nil }
        let choices = Sysctl.normalize(available).split(separator: " ").map(String.init)
        return choices.contains(value)
            ? nil : "the driver does not offer \(value) (\(relative.split(separator: "/").last!): \(choices.joined(separator: " ")))"
    }

    /// Keys look like `sysfs:/devices/system/cpu/cpu3/cpufreq/scaling_governor`.
    private func checkOwned(_ key: String) throws {
        let prefix = SysfsKnob.key(Self.cpuDirectory + "/cpu")
        let parts = key.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard key.hasPrefix(prefix), parts.count == 3, Int(parts[0]) != nil, parts[1] == "cpufreq",
            parts[2] == Self.governor || parts[2] == Self.preference
        else {
            throw ModuleError.invalid("cpu has no knob \"\(key)\"; its knobs are \(prefix)N/cpufreq/{\(Self.governor),\(Self.preference)}")
        }
    }

    func read(key: String, context: ModuleContext) throws -> String? {
        try checkOwned(key)
        return try SysfsKnob.read(key: key, context: context)
    }

    func write(key: String, value: String?, context: ModuleContext) throws {
        try checkOwned(key)
        try SysfsKnob.write(key: key, value: value, context: context)
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(CPUTuner()) }
