import Glibc

/// Sysfs knobs, keyed `sysfs:/kernel/mm/...` for `/sys/kernel/mm/...` below the root.
public enum SysfsKnob {
    /// The key prefix for sysfs knobs.
    public static let keyPrefix = "sysfs:"

    /// The knob key for a path relative to `/sys`, given with a leading slash.
    public static func key(_ path: String) -> String { keyPrefix + path }

    /// The file below the context's root that a key names.
    public static func path(ofKey key: String, context: ModuleContext) throws -> RootedPath {
        guard key.hasPrefix(keyPrefix) else { throw ModuleError.invalid("\"\(key)\" is not a sysfs key") }
        return try context.path("/sys" + key.dropFirst(keyPrefix.count))
    }

    /// The file's text with surrounding whitespace trimmed; `.unsupported` when the file is missing.
    public static func read(key: String, context: ModuleContext) throws -> String {
        let path = try path(ofKey: key, context: context)
        guard let text = try KnobFile.read(path) else { throw ModuleError.unsupported("\(path) does not exist on this host") }
        return Sysctl.normalize(text)
    }

    /// Writes a value; nil is refused because a sysfs attribute cannot be removed.
    public static func write(key: String, value: String?, context: ModuleContext) throws {
        guard let value else { throw ModuleError.invalid("\(key) cannot be removed, only set") }
        try KnobFile.write(path(ofKey: key, context: context), value + "\n")
    }

    /// The choice an `always [madvise] never` style attribute has selected (the bracketed word, or
    /// the only word, as a plain file under --root reads), and every choice it offers.
    public static func choices(_ text: String) -> (selected: String?, all: [String]) {
        let words = text.split(separator: " ").map(String.init)
        let isBracketed = { (word: String) in word.hasPrefix("[") && word.hasSuffix("]") }
        let all = words.map { isBracketed($0) ? String($0.dropFirst().dropLast()) : $0 }
        let selected = words.firstIndex(where: isBracketed).map { all[$0] } ?? (all.count == 1 ? all[0] : nil)
        return (selected, all)
    }
}
