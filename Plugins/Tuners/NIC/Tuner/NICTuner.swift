import CEthtool
import Glibc
import NetAgentModuleKit

/// The nic tuner: GRO, GSO, TSO and LRO off on one interface, through the SIOCETHTOOL ioctl.
/// Keys are `ethtool:<interface>:<offload>`; values are described by `OffloadState`.
struct NICTuner: Tuner {
    struct Config: Decodable {
        /// The interface to tune; the default route's when absent.
        let interface: String?
    }

    let info = ModuleInfo(
        name: "nic", version: "1.0.0",
        summary: "GRO, GSO, TSO and LRO offloads off on one interface (default: the default route's)",
        config: Config.self,
        keys: ["interface": ConfigKey("the interface to tune (default: the one the default route leaves through)")])

    func plan(_ request: PlanRequest, context: ModuleContext) throws -> [Knob] {
        guard let interface = try request.config(as: Config.self).interface ?? DefaultRoute.interface(context) else {
            return Offload.allCases.map {
                Knob(
                    key: "ethtool:-:\($0.rawValue)", value: "off", why: $0.why,
                    unsupported: "there is no default route to pick an interface from; set interface in [nic]")
            }
        }
        try Self.validate(interface)
        guard if_nametoindex(interface) != 0 else {
            throw ModuleError.invalid("interface \"\(interface)\" does not exist here (see `ip link`); set interface in [nic]")
        }
        return try Offload.allCases.map { offload in
            let fixed = try OffloadState(interface: interface, offload: offload).isFixed
            return Knob(
                key: "ethtool:\(interface):\(offload.rawValue)", value: "off", why: offload.why,
                unsupported: fixed ? "the \(interface) driver fixes \(offload.ethtoolName) (\"[fixed]\" in ethtool -k)" : nil)
        }
    }

    /// The interface and offload a key names.
    private func parse(_ key: String) throws -> (interface: String, offload: Offload) {
        let parts = key.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "ethtool", let offload = Offload(rawValue: String(parts[2])) else {
            throw ModuleError.invalid("nic has no knob \"\(key)\"; its keys are ethtool:<interface>:{gro,gso,tso,lro}")
        }
        try Self.validate(String(parts[1]))
        return (String(parts[1]), offload)
    }

    /// Interface names as the kernel allows them: 1 to 15 bytes, no slash, colon or whitespace, not "." or "..".
    static func validate(_ interface: String) throws {
        let bytes = Array(interface.utf8)
        guard (1...15).contains(bytes.count), interface != ".", interface != "..",
            !bytes.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ":") || $0 <= 0x20 || $0 == 0x7f })
        else {
            throw ModuleError.invalid("\"\(interface)\" is not an interface name")
        }
    }

    func read(key: String, context: ModuleContext) throws -> String? {
        let (interface, offload) = try parse(key)
        return try OffloadState(interface: interface, offload: offload).value
    }

    func write(key: String, value: String?, context: ModuleContext) throws {
        let (interface, offload) = try parse(key)
        guard let value else { throw ModuleError.invalid("\(key) cannot be removed, only set") }
        let enable = try OffloadState(interface: interface, offload: offload).features(for: value)
        let result = netagent_offload_set(interface, offload.code, enable.joined(separator: ","))
        if result != 0 { throw Self.error(-result, "set", offload, interface) }
    }

    static func error(_ code: Int32, _ verb: String, _ offload: Offload, _ interface: String) -> ModuleError {
        let reason = String(cString: strerror(code))
        switch code {
        case EOPNOTSUPP: return .unsupported("the \(interface) driver cannot \(verb) \(offload.ethtoolName)")
        case ENODEV: return .unsupported("interface \(interface) does not exist here")
        case EPERM, EACCES: return .permission("\(verb) \(offload.ethtoolName) on \(interface): \(reason) (run as root)")
        default: return .failed("\(verb) \(offload.ethtoolName) on \(interface): \(reason)")
        }
    }
}

/// The module's entry point for ABI version 1.
@_cdecl("netagent_module_v1")
public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(NICTuner()) }
