/// What a module does.
public enum ModuleKind: String, Codable, Sendable {
    case tuner, probe
}
