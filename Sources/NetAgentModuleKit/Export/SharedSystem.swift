/// Modules get, with the kit, the code the host uses too: `MonotonicClock`, `DirectoryEntries`,
/// `DurableFile` (crash-safe file replacement), `RootedPath` and `FilePaths` (NetAgentSystem);
/// `JSONValue` and the JSON text reader and writer (NetAgentJSON); and the JSON shapes that
/// cross module.h, declared once for both sides (`NetAgentWire`: `Profile`, `WireKnob`,
/// `CallShape`, the requests, the names of phases and counters).
@_exported import NetAgentJSON
@_exported import NetAgentSystem
@_exported import NetAgentWire
