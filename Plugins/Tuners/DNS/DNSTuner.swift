import NetAgentModuleKit

/// The dns tuner: fast, cached name resolution. With systemd-resolved, a drop-in turns the
/// cache and stub listener on; without it, resolv.conf's options get short timeouts and rotation.
struct DNSTuner: Tuner {
    static let resolvedDropIn = DropIn(directory: "/etc/systemd/resolved.conf.d", name: "90-netagent.conf")
    static let resolvConf = "/etc/resolv.conf"
    static let options = PerProfile(
        aggressive: ["timeout:1", "attempts:2", "rotate"],
        moderate: ["timeout:2", "attempts:2", "rotate"],
        conservative: ["timeout:2", "attempts:3"])

    let info = ModuleInfo(
        name: "dns", version: "1.0.0",
        summary: "Cached local DNS through systemd-resolved, or short resolv.conf timeouts where it is absent")

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        if try hasResolved(context) {
            return try Self.resolvedDropIn.knobs(
                content: DropIn.header(tuner: "dns") + "[Resolve]\nCache=yes\nDNSStubListener=yes\n",
                why:
                    "systemd-resolved answers repeated lookups from its cache on 127.0.0.53; takes effect after `systemctl restart systemd-resolved`",
                context: context)
        }
        let target = try context.path(Self.resolvConf).followingSymlinks().path
        let options = Self.options[request.profile]
        let why =
            "a dead resolver costs \(options[0].dropFirst(8)) s per try instead of 5 s\(options.contains("rotate") ? ", and lookups spread over every nameserver" : "")"
            + (target == Self.resolvConf
                ? "" : "; /etc/resolv.conf is a symlink to \(target), so netagent edits \(target) and keeps the link")
        guard let current = try FileKnob.read(key: FileKnob.key(target), context: context) else {
            return [
                Knob(
                    key: FileKnob.key(target), value: "", why: why,
                    unsupported: target == Self.resolvConf
                        ? "there is no /etc/resolv.conf" : "/etc/resolv.conf points to \(target), which does not exist")
            ]
        }
        return [Knob(key: FileKnob.key(target), value: ResolvConf.withOptions(current, options), why: why)]
    }

    /// systemd-resolved is present when it is running (`/run/systemd/resolve`) or configured.
    private func hasResolved(_ context: ModuleContext) throws -> Bool {
        try DirectoryKnob.read(key: DirectoryKnob.key("/run/systemd/resolve"), context: context) != nil
            || KnobFile.read(context.path("/etc/systemd/resolved.conf")) != nil
    }

    /// The dns tuner owns the resolved drop-in and whatever file /etc/resolv.conf resolves to.
    private func checkOwned(_ key: String, _ context: ModuleContext) throws {
        let resolvTarget = try context.path(Self.resolvConf).followingSymlinks().path
        try StandardKnob.require(
            key, in: [Self.resolvedDropIn.directoryKey, Self.resolvedDropIn.fileKey, FileKnob.key(resolvTarget)], module: info.name)
    }

    func read(key: String, context: ModuleContext) throws -> String? {
        try checkOwned(key, context)
        return try StandardKnob.read(key: key, context: context)
    }

    func write(key: String, value: String?, context: ModuleContext) throws {
        try checkOwned(key, context)
        try StandardKnob.write(key: key, value: value, context: context)
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(DNSTuner()) }
