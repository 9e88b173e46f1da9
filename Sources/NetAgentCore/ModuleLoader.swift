import CNetAgent
import Glibc

/// Every module found, in search order: the loaded ones by name and a record for each file.
public struct ModuleCatalog: Sendable {
    /// One record per module file found, in search order.
    public let records: [ModuleRecord]
    /// The loaded modules, in search order.
    public let modules: [LoadedModule]

    /// The loaded module called `name`.
    public func module(named name: String) -> LoadedModule? {
        modules.first { $0.name == name }
    }
}

/// Finds, checks and `dlopen`s modules. A refused module never stops the others.
///
/// Libraries stay loaded for the life of the process, refused ones too: Swift
/// libraries cannot be unloaded safely, and the process is short-lived.
public enum ModuleLoader {
    /// Loads every module file in `directories`. When `enforceTrust` is set (the default when
    /// running as root), files and directories that others could write are refused.
    public static func load(
        from directories: [ModuleDirectory], enforceTrust: Bool = geteuid() == 0
    ) -> ModuleCatalog {
        var records: [ModuleRecord] = []
        var modules: [LoadedModule] = []
        for directory in directories {
            for path in ModuleSearchPath.moduleFiles(in: directory) {
                var record = ModuleRecord(path: path, origin: directory.origin, state: .refused)
                do {
                    let module = try open(path, enforceTrust: enforceTrust, record: &record)
                    if let winner = modules.first(where: { $0.name == module.name }) {
                        record.state = .shadowed
                        record.reason = "a module named \(module.name) was found first at \(winner.path)"
                    } else {
                        record.state = .loaded
                        modules.append(module)
                    }
                } catch let refusal as LoadRefusal {
                    record.reason = refusal.reason
                } catch {
                    record.reason = "\(error)"
                }
                records.append(record)
            }
        }
        return ModuleCatalog(records: records, modules: modules)
    }

    /// Loads the one module file a helper process runs, with the same checks (trust when root).
    static func loadOne(_ path: String) throws -> LoadedModule {
        var record = ModuleRecord(path: path, origin: "module-host", state: .refused)
        do {
            return try open(path, enforceTrust: geteuid() == 0, record: &record)
        } catch let refusal as LoadRefusal {
            throw NetAgentError("\(path): \(refusal.reason)")
        }
    }

    /// Opens one file through `ModuleTrust`, loads it from the checked descriptor and checks
    /// its module descriptor, filling `record` as far as it gets.
    private static func open(_ path: String, enforceTrust: Bool, record: inout ModuleRecord) throws -> LoadedModule {
        let fd = try ModuleTrust.openForLoading(path, enforce: enforceTrust)
        // The descriptor stays open while the library stays loaded (for the process's life):
        // the dynamic linker knows a library by the name it was opened with, and a reused
        // descriptor number would make a later "/proc/self/fd/N" look already loaded.
        guard let handle = dlopen("/proc/self/fd/\(fd)", RTLD_NOW | RTLD_LOCAL) else {
            close(fd)
            throw LoadRefusal("dlopen failed: \(String(cString: dlerror()))")
        }
        guard let symbol = dlsym(handle, NETAGENT_ENTRY_SYMBOL_V1) else {
            throw LoadRefusal(missingEntryReason(handle))
        }
        let entry = unsafeBitCast(symbol, to: (@convention(c) () -> UnsafeRawPointer?).self)
        guard let raw = entry() else { throw LoadRefusal("\(NETAGENT_ENTRY_SYMBOL_V1)() returned NULL") }
        let major = raw.load(as: UInt32.self)
        let size = raw.load(fromByteOffset: 4, as: UInt32.self)
        record.abi = major
        record.structSize = size
        guard major == UInt32(NETAGENT_ABI_MAJOR) else {
            throw LoadRefusal("built for ABI major \(major); this netagent speaks ABI major \(NETAGENT_ABI_MAJOR): rebuild the module against this netagent's module.h")
        }
        let minimum = MemoryLayout<netagent_module>.offset(of: \netagent_module.run)! + MemoryLayout<UnsafeRawPointer>.size
        guard Int(size) >= minimum else {
            throw LoadRefusal("descriptor struct_size \(size) is smaller than ABI 1's \(minimum) bytes: the module is corrupt or built against a broken header")
        }
        let descriptor = copyDescriptor(from: raw, size: Int(size))
        guard let namePointer = descriptor.name else { throw LoadRefusal("the descriptor has no name") }
        let name = String(cString: namePointer)
        guard ModuleName.isValid(name) else {
            throw LoadRefusal("name \"\(name)\" is not 1 to \(ModuleName.maxLength) characters of a-z, 0-9 and -")
        }
        guard name != PersistenceFiles.ownerName else {
            throw LoadRefusal("the name \"\(name)\" is reserved for netagent's own knobs; rename the module")
        }
        record.name = name
        try checkCallbacks(descriptor, name: name)
        let module = LoadedModule(descriptor: descriptor, path: path, structSize: size)
        record.kind = module.kind
        record.version = module.version
        record.summary = module.summary
        return module
    }

    /// A zero-filled descriptor with the first `size` bytes of the module's; a longer tail is ignored.
    private static func copyDescriptor(from raw: UnsafeRawPointer, size: Int) -> netagent_module {
        var descriptor = netagent_module()
        withUnsafeMutableBytes(of: &descriptor) { buffer in
            buffer.copyMemory(from: UnsafeRawBufferPointer(start: raw, count: min(size, buffer.count)))
        }
        return descriptor
    }

    private static func checkCallbacks(_ descriptor: netagent_module, name: String) throws {
        var missing: [String] = []
        if descriptor.free_string == nil { missing.append("free_string") }
        switch descriptor.kind {
        case UInt32(NETAGENT_KIND_TUNER):
            if descriptor.plan == nil { missing.append("plan") }
            if descriptor.read == nil { missing.append("read") }
            if descriptor.write == nil { missing.append("write") }
        case UInt32(NETAGENT_KIND_PROBE):
            if descriptor.run == nil { missing.append("run") }
        default:
            throw LoadRefusal("module \(name) has kind \(descriptor.kind); expected \(NETAGENT_KIND_TUNER) (tuner) or \(NETAGENT_KIND_PROBE) (probe)")
        }
        if !missing.isEmpty {
            throw LoadRefusal("module \(name) leaves required functions NULL: \(missing.joined(separator: ", "))")
        }
    }

    /// Explains a missing entry symbol, naming another major's entry when the file has one.
    private static func missingEntryReason(_ handle: UnsafeMutableRawPointer) -> String {
        for major in 2...9 where dlsym(handle, "netagent_module_v\(major)") != nil {
            return "exports netagent_module_v\(major) (ABI major \(major)) but not \(NETAGENT_ENTRY_SYMBOL_V1); this netagent speaks ABI major \(NETAGENT_ABI_MAJOR)"
        }
        return "no \(NETAGENT_ENTRY_SYMBOL_V1) symbol: not a netagent module (build it with netagent/module.h and export that function)"
    }
}

/// Why a module file was not loaded.
struct LoadRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
