/// A configuration drop-in file a tuner owns, with the directory knob that creates its
/// directory when missing, so that rollback removes exactly what netagent added.
public struct DropIn: Sendable {
    /// The directory, such as `/etc/systemd/system.conf.d`.
    public let directory: String
    /// The file name, such as `90-netagent.conf`.
    public let name: String

    public init(directory: String, name: String) {
        self.directory = directory
        self.name = name
    }

    /// The file's absolute path.
    public var path: String { directory + "/" + name }
    /// The file's knob key.
    public var fileKey: String { FileKnob.key(path) }
    /// The directory's knob key.
    public var directoryKey: String { DirectoryKnob.key(directory) }

    /// The knobs that put `content` in place: the directory first when it is missing, then the file.
    public func knobs(content: String, why: String, context: ModuleContext) throws -> [Knob] {
        var knobs: [Knob] = []
        if try DirectoryKnob.read(key: directoryKey, context: context) == nil {
            knobs.append(Knob(key: directoryKey, value: DirectoryKnob.present, why: "holds \(name)"))
        }
        knobs.append(Knob(key: fileKey, value: content, why: why))
        return knobs
    }

    /// The first lines of every drop-in netagent writes, naming the tuner and how to undo it.
    public static func header(tuner: String) -> String {
        "# Written by netagent (\(tuner) tuner). `netagent rollback` removes it; do not edit.\n"
    }
}
