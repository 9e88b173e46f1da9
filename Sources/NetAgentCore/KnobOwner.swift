/// Whatever reads and writes a knob in a transaction: a tuner module, or netagent itself for
/// the persistence files `run --persist` writes. Journal entries name the owner.
protocol KnobOwner {
    /// The name recorded in the journal: the module's name, or `netagent`.
    var name: String { get }
    func read(key: String, context: HostContext) throws -> String?
    func write(key: String, value: String?, context: HostContext) throws
}

extension LoadedModule: KnobOwner {
    func read(key: String, context: HostContext) throws -> String? {
        try read(key: key, services: context.services(for: self))
    }

    func write(key: String, value: String?, context: HostContext) throws {
        try write(key: key, value: value, services: context.services(for: self))
    }
}

extension ModuleCatalog {
    /// The owner of knobs recorded under `name`.
    func owner(named name: String) -> KnobOwner? {
        name == PersistenceFiles.ownerName ? PersistenceFiles() : module(named: name)
    }
}
