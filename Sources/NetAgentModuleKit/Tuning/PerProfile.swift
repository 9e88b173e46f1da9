/// A value that differs by profile, such as a buffer size.
public struct PerProfile<Value: Sendable>: Sendable {
    public let aggressive: Value
    public let moderate: Value
    public let conservative: Value

    public init(aggressive: Value, moderate: Value, conservative: Value) {
        self.aggressive = aggressive
        self.moderate = moderate
        self.conservative = conservative
    }

    /// The same value under every profile.
    public init(all value: Value) {
        self.init(aggressive: value, moderate: value, conservative: value)
    }

    /// The value for `profile`.
    public subscript(_ profile: Profile) -> Value {
        switch profile {
        case .aggressive: aggressive
        case .moderate: moderate
        case .conservative: conservative
        }
    }
}
