/// The tuning profiles, from the most latency-focused to the most cautious.
public enum Profile: String, Codable, Sendable, CaseIterable {
    case aggressive, moderate, conservative
}
