import FoundationEssentials

/// A request from the host that carries the module's config table (plan and run requests).
public protocol ModuleRequest {
    /// The module's config table as JSON text (`{}` when none).
    var configJSON: String { get }
}

extension ModuleRequest {
    /// Decodes the config table into the module's own type; a mismatch is `.invalid`.
    public func config<Config: Decodable>(as type: Config.Type) throws -> Config {
        do {
            return try JSONDecoder().decode(type, from: Data(configJSON.utf8))
        } catch {
            throw ModuleError.invalid("config: \(error)")
        }
    }
}
