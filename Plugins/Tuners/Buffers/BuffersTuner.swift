import NetAgentModuleKit

/// The buffers tuner: socket buffer defaults and limits, small defaults so queues stay short.
///
/// Profiles follow the seed's table: default buffers of 4 KiB (aggressive), 16 KiB (moderate)
/// and 64 KiB (conservative). Limits stay large enough for applications that ask for more
/// with SO_RCVBUF/SO_SNDBUF, and TCP autotuning may grow a connection's buffers up to them.
struct BuffersTuner: StandardKnobTuner {
    static let defaultSize = PerProfile(aggressive: 4096, moderate: 16384, conservative: 65536)
    static let maximumSize = PerProfile(aggressive: 4 << 20, moderate: 8 << 20, conservative: 16 << 20)
    /// The smallest buffer TCP gives a socket under memory pressure (the kernel's default).
    static let tcpMinimum = 4096

    /// Receive (`r`) or send (`w`).
    enum Direction: String, CaseIterable {
        case r, w
        var word: String { self == .r ? "receive" : "send" }
        var coreDefault: String { Sysctl.key("net.core.\(rawValue)mem_default") }
        var coreMaximum: String { Sysctl.key("net.core.\(rawValue)mem_max") }
        var tcp: String { Sysctl.key("net.ipv4.tcp_\(rawValue)mem") }
    }

    let info = ModuleInfo(
        name: "buffers", version: "1.0.0",
        summary: "Socket buffer defaults and limits per profile (net.core.*mem_*, net.ipv4.tcp_*mem)")

    static var keys: [String] { Direction.allCases.flatMap { [$0.coreDefault, $0.coreMaximum, $0.tcp] } }

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        try Direction.allCases.flatMap { try plan($0, profile: request.profile, context: context) }
    }

    /// The three knobs of one direction, ordered so the kernel accepts every write: a limit
    /// that grows is written before the values under it, a limit that shrinks after them.
    private func plan(_ direction: Direction, profile: Profile, context: ModuleContext) throws -> [Knob] {
        let size = Self.defaultSize[profile]
        let maximum = Self.maximumSize[profile]
        let current = try currentMaximum(direction, context)
        // Where the core limit cannot be written (outside the host's network namespace), TCP's
        // maximum stays within the limit the kernel already has.
        let tcpMaximum = current.writable ? maximum : min(maximum, current.value ?? maximum)
        let limit = Knob(
            key: direction.coreMaximum, value: "\(maximum)",
            why: "the largest \(direction.word) buffer an application may ask for with SO_\(direction == .r ? "RCV" : "SND")BUF")
        let others = [
            Knob(
                key: direction.coreDefault, value: "\(size)",
                why:
                    "small default \(direction.word) buffers keep queues, and so delay, short; applications receiving UDP bursts should raise SO_RCVBUF themselves"
            ),
            Knob(
                key: direction.tcp, value: "\(Self.tcpMinimum) \(size) \(tcpMaximum)",
                why:
                    "TCP starts each connection's \(direction.word) buffer at \(size) bytes and autotunes it up to \(tcpMaximum), never past the core limit"
            ),
        ]
        let growing = (current.value ?? 0) <= maximum
        return growing ? [limit] + others : others + [limit]
    }

    /// The core limit's value now, and whether it can be written here.
    private func currentMaximum(_ direction: Direction, _ context: ModuleContext) throws -> (value: Int?, writable: Bool) {
        let path = try Sysctl.path(ofKey: direction.coreMaximum, context: context)
        let value = try KnobFile.read(path).flatMap { Int(Sysctl.normalize($0)) }
        return (value, value != nil && !KnobFile.isReadOnlyForEveryone(path))
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(BuffersTuner()) }
