/// A tuner whose knobs are a fixed list of standard keys (`sysctl:`, `sysfs:`, `file:`, `dir:`):
/// it gets `read` and `write` for free, refusing any key not in `keys`.
public protocol StandardKnobTuner: Tuner {
    /// Every key the tuner may plan.
    static var keys: [String] { get }
}

extension StandardKnobTuner {
    public func read(key: String, context: ModuleContext) throws -> String? {
        try StandardKnob.require(key, in: Self.keys, module: info.name)
        return try StandardKnob.read(key: key, context: context)
    }

    public func write(key: String, value: String?, context: ModuleContext) throws {
        try StandardKnob.require(key, in: Self.keys, module: info.name)
        try StandardKnob.write(key: key, value: value, context: context)
    }
}
