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
    /// The owner of knobs recorded under `name`, loaded in this process; nil when no usable
    /// module has that name.
    func owner(named name: String) throws -> KnobOwner? {
        if name == PersistenceFiles.ownerName { return PersistenceFiles() }
        return try module(named: name).map(ModuleLoader.load)
    }
}
