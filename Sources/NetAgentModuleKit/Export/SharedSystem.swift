/// Modules get, with the kit, the code the host uses too: `MonotonicClock`, `DirectoryEntries`,
/// `DurableFile` (crash-safe file replacement) and `FilePaths`.
@_exported import NetAgentSystem
