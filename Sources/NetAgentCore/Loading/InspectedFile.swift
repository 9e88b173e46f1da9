/// The inspecting helper's answer for one module file (`netagent module-host --inspect`): what
/// the file says of itself, and the identity of the very file the helper opened, so that the
/// host can reuse the record for as long as the file stays that file (`ModuleCatalogCache`).
public struct InspectedFile: Codable, Sendable {
    var record: ModuleRecord
    /// Nil when the helper could not open the file.
    var identity: FileIdentity?
}
