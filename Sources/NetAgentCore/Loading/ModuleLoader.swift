import CNetAgent
import Glibc
import Synchronization

/// Opens module files, checks their descriptors and wraps them as `LoadedModule`s.
///
/// Libraries stay loaded for the life of the process, refused ones too: Swift libraries cannot
/// be unloaded safely. Running as root, every file goes through `ModuleTrust` first.
public enum ModuleLoader {
    /// The module ABI major version this netagent speaks (`NETAGENT_ABI_MAJOR`).
    public static let abiMajor = Int(NETAGENT_ABI_MAJOR)

    /// The modules this process has loaded, by path, so a module is loaded once.
    private static let loaded = Mutex<[String: LoadedModule]>([:])

    /// Loads a module discovery found, in this process. Fails when the file is no longer that
    /// module (it changed after it was listed) or no longer passes the checks.
    public static func load(_ module: AvailableModule) throws -> LoadedModule {
        try load(path: module.path, expectedName: module.name)
    }

    /// Loads the file at `path`, which was listed as module `expectedName`, in this process,
    /// with the same checks (trust when root); a file already loaded is not loaded again.
    public static func load(path: String, expectedName: String) throws -> LoadedModule {
        let module = try loaded.withLock({ $0[path] }) ?? loadAndKeep(path)
        guard module.name == expectedName else {
            throw NetAgentError("\(path) is now module \(module.name), not \(expectedName); it changed after it was listed")
        }
        return module
    }

    /// Opens one file in this process, with its code's output and exit() guarded, and keeps it.
    private static func loadAndKeep(_ path: String) throws -> LoadedModule {
        var record = ModuleRecord(path: path, origin: "", state: .refused)
        var identity: FileIdentity?
        do {
            let module = try ModuleCallGuard.during("loading \(path)") { try open(path, record: &record, identity: &identity) }
            loaded.withLock { $0[path] = module }
            return module
        } catch let refusal as LoadRefusal {
            throw NetAgentError("\(path): \(refusal.reason)")
        }
    }

    /// What the file at `path` says of itself, or why it is refused, and which file that was.
    /// Run by the helper process that `ModuleDiscovery` starts: the module's code runs there,
    /// not in netagent.
    public static func inspect(_ path: String) -> InspectedFile {
        var inspected = InspectedFile(record: ModuleRecord(path: path, origin: "", state: .refused))
        do {
            let module = try open(path, record: &inspected.record, identity: &inspected.identity)
            inspected.record.configSchema = module.configSchema
            if module.kind == .probe { inspected.record.targetsAtOnce = module.targetsAtOnce }
            inspected.record.state = .loaded
        } catch let refusal as LoadRefusal {
            inspected.record.reason = refusal.reason
        } catch {
            inspected.record.reason = "\(error)"
        }
        return inspected
    }

    /// Opens one file through `ModuleTrust`, loads it from the checked descriptor and checks
    /// its module descriptor, filling `record` as far as it gets and `identity` with the file's.
    private static func open(_ path: String, record: inout ModuleRecord, identity: inout FileIdentity?) throws -> LoadedModule {
        let fd = try ModuleTrust.openForLoading(path, enforce: ModuleTrust.isEnforced)
        identity = FileIdentity(descriptor: fd)
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
            throw LoadRefusal(
                "built for ABI major \(major); this netagent speaks ABI major \(NETAGENT_ABI_MAJOR): rebuild the module against this netagent's module.h"
            )
        }
        let minimum = MemoryLayout<netagent_module>.offset(of: \netagent_module.run)! + MemoryLayout<UnsafeRawPointer>.size
        guard Int(size) >= minimum else {
            throw LoadRefusal(
                "descriptor struct_size \(size) is smaller than ABI 1's \(minimum) bytes: the module is corrupt or built against a broken header"
            )
        }
        let descriptor = copyDescriptor(from: raw, size: Int(size))
        guard let namePointer = descriptor.name else { throw LoadRefusal("the descriptor has no name") }
        let name = String(cString: namePointer)
        guard ModuleName.isValid(name) else {
            throw LoadRefusal("name \"\(name)\" is not 1 to \(ModuleName.maxLength) characters of a-z, 0-9 and -")
        }
        guard name != ModuleName.reserved else {
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
            throw LoadRefusal(
                "module \(name) has kind \(descriptor.kind); expected \(NETAGENT_KIND_TUNER) (tuner) or \(NETAGENT_KIND_PROBE) (probe)")
        }
        if !missing.isEmpty {
            throw LoadRefusal("module \(name) leaves required functions NULL: \(missing.joined(separator: ", "))")
        }
    }

    /// Explains a missing entry symbol, naming another major's entry when the file has one.
    private static func missingEntryReason(_ handle: UnsafeMutableRawPointer) -> String {
        for major in 2...9 where dlsym(handle, "netagent_module_v\(major)") != nil {
            return
                "exports netagent_module_v\(major) (ABI major \(major)) but not \(NETAGENT_ENTRY_SYMBOL_V1); this netagent speaks ABI major \(NETAGENT_ABI_MAJOR)"
        }
        return "no \(NETAGENT_ENTRY_SYMBOL_V1) symbol: not a netagent module (build it with netagent/module.h and export that function)"
    }
}

/// Why a module file was not loaded.
struct LoadRefusal: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
