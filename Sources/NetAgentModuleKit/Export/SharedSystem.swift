/// Modules get, with the kit, the code the host uses too: `MonotonicClock`, `DirectoryEntries`,
/// `DurableFile` (crash-safe file replacement), `RootedPath` and `FilePaths`; and the JSON shapes
/// that cross module.h, declared once for both sides (`NetAgentWire`: `Profile`, `WireKnob`,
/// `CallShape`, the requests).
@_exported import NetAgentSystem
@_exported import NetAgentWire
