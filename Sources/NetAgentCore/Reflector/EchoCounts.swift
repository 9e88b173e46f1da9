/// What serve-echo did: datagrams answered, and those it did not answer by reason
/// (`EchoRefusal`), as its JSON output names them (`dropped_<reason>`).
public struct EchoCounts: Encodable, Sendable, Equatable {
    public private(set) var echoed = 0
    public private(set) var dropped: [EchoRefusal: Int] = [:]

    /// One more answered.
    mutating func countEchoed() { echoed += 1 }

    /// One more refused for `reason`.
    mutating func countDropped(_ reason: EchoRefusal) { dropped[reason, default: 0] += 1 }

    /// How many were refused for `reason`.
    public func dropped(_ reason: EchoRefusal) -> Int { dropped[reason] ?? 0 }

    private struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// `{"echoed": N, "dropped_malformed": N, ...}`, every reason present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(echoed, forKey: Key(stringValue: "echoed"))
        for reason in EchoRefusal.allCases { try container.encode(dropped(reason), forKey: Key(stringValue: "dropped_" + reason.rawValue)) }
    }
}
