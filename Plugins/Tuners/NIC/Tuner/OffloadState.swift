import CEthtool
import Glibc
import NetAgentModuleKit

/// An offload's state on one interface, as a knob value: "on" (every changeable feature of
/// the offload active), "off" (none), or "on for a,b" (just those), so that restoring a
/// value puts back exactly the features that were on.
struct OffloadState {
    /// The offload's features the driver lets change, by kernel name.
    let changeable: [String]
    /// Those of them that are active.
    let active: [String]

    /// Reads the state through SIOCETHTOOL.
    init(interface: String, offload: Offload) throws {
        var changeableList = [CChar](repeating: 0, count: 2048)
        var activeList = [CChar](repeating: 0, count: 2048)
        let result = netagent_offload_features(
            interface, offload.code, &changeableList, changeableList.count, &activeList, activeList.count)
        if result != 0 { throw NICTuner.error(-result, "read", offload, interface) }
        changeable = Self.names(changeableList)
        active = Self.names(activeList)
    }

    /// True when the driver fixes every feature of the offload.
    var isFixed: Bool { changeable.isEmpty }

    /// The knob value.
    var value: String {
        if active.isEmpty { return "off" }
        if Set(active) == Set(changeable) { return "on" }
        return "on for " + active.joined(separator: ",")
    }

    /// The features a knob value turns on; throws for a value this state cannot take.
    func features(for value: String) throws -> [String] {
        switch value {
        case "on": return changeable
        case "off": return []
        default:
            guard value.hasPrefix("on for ") else {
                throw ModuleError.invalid("an offload takes on, off or \"on for feature,...\", not \"\(value)\"")
            }
            let names = value.dropFirst("on for ".count).split(separator: ",").map(String.init)
            if let unknown = names.first(where: { !changeable.contains($0) }) {
                throw ModuleError.invalid(
                    "\(unknown) is not a changeable feature of this offload (they are: \(changeable.joined(separator: ",")))")
            }
            return names
        }
    }

    private static func names(_ list: [CChar]) -> [String] {
        let text = String(decoding: list.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.split(separator: ",").map(String.init)
    }
}
