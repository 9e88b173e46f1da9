/// Which way a measurement moved between before and after, when the change is significant.
public enum Direction: String, Codable, Sendable {
    case better, worse, unchanged
}
