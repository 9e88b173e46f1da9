// swift-tools-version:6.1
// netagent: a Linux host agent that tunes the network path for real-time traffic
// and measures the gain. The host loads tuner and probe modules through the C ABI
// in Sources/CNetAgent/include/netagent/module.h.
import PackageDescription

/// A module exports one symbol, its entry point netagent_module_v1 (module.h): the version script
/// makes everything else local, so the linker drops the module kit code the module does not use.
let moduleExports = LinkerSetting.unsafeFlags([
    "-Xlinker", "--version-script=\(Context.packageDirectory)/Plugins/module.exports",
])

/// A module is a Swift target under Plugins/ built as its own `libnetagent-<name>.so`.
func module(_ name: String, target: String, path: String, dependencies: [Target.Dependency] = []) -> (Product, Target) {
    (
        .library(name: "netagent-\(name)", type: .dynamic, targets: [target]),
        .target(
            name: target, dependencies: ["NetAgentModuleKit"] + dependencies, path: path,
            linkerSettings: [moduleExports])
    )
}

let modules = [
    module("bbr", target: "BBRTuner", path: "Plugins/Tuners/BBR"),
    module("tcp", target: "TCPTuner", path: "Plugins/Tuners/TCP"),
    module("buffers", target: "BuffersTuner", path: "Plugins/Tuners/Buffers"),
    module("cpu", target: "CPUTuner", path: "Plugins/Tuners/CPU"),
    module("thp", target: "THPTuner", path: "Plugins/Tuners/THP"),
    module("limits", target: "LimitsTuner", path: "Plugins/Tuners/Limits"),
    module("dns", target: "DNSTuner", path: "Plugins/Tuners/DNS"),
    module("nic", target: "NICTuner", path: "Plugins/Tuners/NIC/Tuner", dependencies: ["CEthtool"]),
    module("tcpconnect", target: "TCPConnectProbe", path: "Plugins/Probes/TCPConnect"),
    module("icmp", target: "ICMPProbe", path: "Plugins/Probes/ICMP", dependencies: ["ICMPEcho"]),
    module("loss", target: "LossProbe", path: "Plugins/Probes/Loss", dependencies: ["ICMPEcho"]),
    module("http", target: "HTTPProbe", path: "Plugins/Probes/HTTP/Probe", dependencies: ["CurlTiming"]),
    module("voice", target: "VoiceProbe", path: "Plugins/Probes/Voice", dependencies: ["ICMPEcho"]),
    module(
        "responsiveness", target: "ResponsivenessProbe", path: "Plugins/Probes/Responsiveness/Probe",
        dependencies: ["ICMPEcho", "CIperfLoad"]),
]

/// Every Swift target sees only the members of modules it imports itself, so no call resolves
/// to full Foundation (which TOMLKit's `import struct Foundation.Data` would otherwise expose).
let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("MemberImportVisibility")]

let package = Package(
    name: "netagent",
    products: [
        .executable(name: "netagent", targets: ["netagent"])
    ] + modules.map(\.0),
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .target(name: "CNetAgent"),
        .target(name: "CIsolation"),
        .target(name: "CRootedOpen"),
        .target(name: "CEthtool", path: "Plugins/Tuners/NIC/Ethtool"),
        .target(name: "CICMP", dependencies: ["CNetAgent"], path: "Plugins/Shared/ICMPEcho/CICMP"),
        .target(name: "CIperfLoad", path: "Plugins/Probes/Responsiveness/IperfLoad", linkerSettings: [.linkedLibrary("iperf")]),
        .target(name: "CurlTiming", path: "Plugins/Probes/HTTP/CurlTiming", linkerSettings: [.linkedLibrary("curl")]),
        .target(name: "ICMPEcho", dependencies: ["NetAgentModuleKit", "CICMP"], path: "Plugins/Shared/ICMPEcho/Engine"),
        .target(name: "NetAgentSystem", dependencies: ["CRootedOpen"]),
        .target(name: "NetAgentJSON"),
        .target(name: "NetAgentWire", dependencies: ["NetAgentJSON"]),
        .target(name: "NetAgentModuleKit", dependencies: ["CNetAgent", "NetAgentSystem", "NetAgentJSON", "NetAgentWire"]),
        .target(
            name: "NetAgentCore",
            dependencies: [
                "CNetAgent",
                "CIsolation",
                "NetAgentSystem",
                "NetAgentJSON",
                "NetAgentWire",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "netagent",
            dependencies: [
                "NetAgentCore",
                "NetAgentSystem",
                "NetAgentJSON",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "NetAgentTests", dependencies: ["NetAgentCore", "NetAgentSystem", "NetAgentJSON", "NetAgentWire"]),
    ] + modules.map(\.1)
)

for target in package.targets where target.type != .test {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
