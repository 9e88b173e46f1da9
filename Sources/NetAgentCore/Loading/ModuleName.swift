/// A module name's rule: 1 to 32 characters of `[a-z0-9-]`.
public enum ModuleName {
    /// The longest name allowed.
    public static let maxLength = 32

    /// The name netagent's own knobs (the `--persist` files) carry in the journal; no module may take it.
    public static let reserved = "netagent"

    /// True when `name` follows the rule.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= maxLength
            && name.utf8.allSatisfy {
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "-")
            }
    }
}
