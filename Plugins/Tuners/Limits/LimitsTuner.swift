import NetAgentModuleKit

/// The limits tuner: enough open files for many concurrent streams, for logins (PAM limits)
/// and systemd services alike. Kernel-wide maxima are only ever raised, never lowered.
struct LimitsTuner: StandardKnobTuner {
    static let openFiles = PerProfile(aggressive: 1_048_576, moderate: 524_288, conservative: 65_536)
    static let systemFiles = PerProfile(aggressive: 4_194_304, moderate: 2_097_152, conservative: 1_048_576)
    static let fileMax = Sysctl.key("fs.file-max")
    static let nrOpen = Sysctl.key("fs.nr_open")
    static let pamDropIn = DropIn(directory: "/etc/security/limits.d", name: "90-netagent.conf")
    static let systemdDropIn = DropIn(directory: "/etc/systemd/system.conf.d", name: "90-netagent.conf")

    struct Config: Decodable {
        /// Overrides the profile's open-file limit.
        let nofile: Int?
    }

    let info = ModuleInfo(
        name: "limits", version: "1.0.0",
        summary: "Open-file limits: fs.file-max, fs.nr_open, a limits.d drop-in and systemd's DefaultLimitNOFILE",
        config: Config.self,
        keys: [
            "nofile": ConfigKey(
                "open files per process for logins and services (default per profile: 1048576 aggressive, 524288 moderate, 65536 conservative)"
            )
        ])

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        let nofile = try request.config(as: Config.self).nofile ?? Self.openFiles[request.profile]
        guard (1024...1_073_741_816).contains(nofile) else {
            throw ModuleError.invalid("nofile = \(nofile): give a number from 1024 to 1073741816 (the kernel's largest nr_open)")
        }
        var knobs = [
            try raised(
                Self.fileMax, to: Self.systemFiles[request.profile], context,
                why: "the system-wide open-file limit; raised only, never lowered"),
            try raised(
                Self.nrOpen, to: nofile, context,
                why: "no process may have more open files than nr_open, so it must be at least the per-process limit"),
        ]
        knobs += try dropIn(
            Self.pamDropIn, needs: "/etc/security", context,
            content: DropIn.header(tuner: "limits")
                + "*    soft nofile \(nofile)\n*    hard nofile \(nofile)\nroot soft nofile \(nofile)\nroot hard nofile \(nofile)\n",
            why: "lets every login session (and root) open \(nofile) files: one socket per audio stream adds up")
        knobs += try dropIn(
            Self.systemdDropIn, needs: "/etc/systemd", context,
            content: DropIn.header(tuner: "limits") + "[Manager]\nDefaultLimitNOFILE=\(nofile)\n",
            why: "gives systemd services \(nofile) open files by default; takes effect after `systemctl daemon-reexec`")
        return knobs
    }

    /// A sysctl knob that asks for at least `minimum`, keeping a higher current value.
    private func raised(_ key: String, to minimum: Int, _ context: ModuleContext, why: String) throws -> Knob {
        let name = try Sysctl.name(ofKey: key)
        guard let current = try Sysctl.information(name, context: context).flatMap({ Int($0) }) else {
            return Knob(key: key, value: "\(minimum)", why: why, unsupported: "this kernel has no \(name)")
        }
        return Knob(key: key, value: "\(max(current, minimum))", why: why)
    }

    /// The drop-in's knobs, or one unsupported knob when the directory it belongs under is missing.
    private func dropIn(_ dropIn: DropIn, needs parent: String, _ context: ModuleContext, content: String, why: String) throws -> [Knob] {
        guard try DirectoryKnob.read(key: DirectoryKnob.key(parent), context: context) != nil else {
            return [Knob(key: dropIn.fileKey, value: content, why: why, unsupported: "\(parent) does not exist on this host")]
        }
        return try dropIn.knobs(content: content, why: why, context: context)
    }

    static var keys: [String] {
        [fileMax, nrOpen, pamDropIn.directoryKey, pamDropIn.fileKey, systemdDropIn.directoryKey, systemdDropIn.fileKey]
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(LimitsTuner()) }
