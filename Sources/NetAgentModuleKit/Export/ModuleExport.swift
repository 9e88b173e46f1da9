import CNetAgent
import FoundationEssentials
import Glibc
import NetAgentSystem

/// Turns a `Tuner` or `Probe` into the C descriptor the host loads.
///
/// A module exports itself with one function:
/// ```swift
/// @_cdecl("netagent_module_v1")
/// public func netagentModuleV1() -> UnsafeRawPointer { ModuleExport.tuner(BBRTuner()) }
/// ```
/// The host calls the entry once per load; each call builds a new descriptor that lives
/// as long as the process.
public enum ModuleExport {
    /// The descriptor of a tuner.
    public static func tuner(_ tuner: some Tuner) -> UnsafeRawPointer {
        descriptor(ExportedModule(tuner: tuner, probe: nil, info: tuner.info), kind: UInt32(NETAGENT_KIND_TUNER))
    }

    /// The descriptor of a probe.
    public static func probe(_ probe: some Probe) -> UnsafeRawPointer {
        descriptor(ExportedModule(tuner: nil, probe: probe, info: probe.info), kind: UInt32(NETAGENT_KIND_PROBE))
    }

    private static func descriptor(_ module: ExportedModule, kind: UInt32) -> UnsafeRawPointer {
        let info = module.info
        let isTuner = kind == UInt32(NETAGENT_KIND_TUNER)
        let descriptor = UnsafeMutablePointer<netagent_module>.allocate(capacity: 1)
        descriptor.initialize(
            to: netagent_module(
                abi_major: UInt32(NETAGENT_ABI_MAJOR),
                struct_size: UInt32(MemoryLayout<netagent_module>.size),
                name: strdup(info.name),
                kind: kind,
                flags: (info.threadSafe ? NETAGENT_FLAG_THREAD_SAFE : 0) | (info.targetsAtOnce ? NETAGENT_FLAG_TARGETS_AT_ONCE : 0)
                    | (info.needsRawSockets ? NETAGENT_FLAG_NEEDS_RAW_SOCKETS : 0),
                version: strdup(info.version),
                summary: strdup(info.summary),
                config_schema: info.configSchema.map { UnsafePointer(strdup($0)!) },
                module_ctx: Unmanaged.passRetained(module).toOpaque(),
                free_string: { _, string in free(string) },
                plan: isTuner
                    ? { context, services, request, outJSON, outMessage in
                        ExportedModule.from(context).call(services, outMessage) { moduleContext in
                            let request = try ExportedModule.decode(PlanRequest.self, request)
                            let knobs = try ExportedModule.tuner(context).plan(request, context: moduleContext)
                            outJSON?.pointee = strdup(try ExportedModule.encode(WirePlanAnswer(knobs: knobs)))
                        }
                    } : nil,
                read: isTuner
                    ? { context, services, key, outValue, outMessage in
                        ExportedModule.from(context).call(services, outMessage) { moduleContext in
                            let value = try ExportedModule.tuner(context).read(key: String(cString: key!), context: moduleContext)
                            outValue?.pointee = value.flatMap { strdup($0) }
                        }
                    } : nil,
                write: isTuner
                    ? { context, services, key, value, outMessage in
                        ExportedModule.from(context).call(services, outMessage) { moduleContext in
                            try ExportedModule.tuner(context).write(
                                key: String(cString: key!), value: value.map { String(cString: $0) }, context: moduleContext)
                        }
                    } : nil,
                run: isTuner
                    ? nil
                    : { context, services, request, outJSON, outMessage in
                        ExportedModule.from(context).call(services, outMessage) { moduleContext in
                            let request = try ExportedModule.decode(ProbeRequest.self, request)
                            let results = try ExportedModule.probe(context).run(request, context: moduleContext)
                            outJSON?.pointee = try ExportedModule.answer(results)
                        }
                    }
            ))
        return UnsafeRawPointer(descriptor)
    }
}

/// The Swift object behind a descriptor's `module_ctx`.
final class ExportedModule {
    let tuner: (any Tuner)?
    let probe: (any Probe)?
    let info: ModuleInfo

    init(tuner: (any Tuner)?, probe: (any Probe)?, info: ModuleInfo) {
        self.tuner = tuner
        self.probe = probe
        self.info = info
    }

    static func from(_ context: UnsafeMutableRawPointer?) -> ExportedModule {
        Unmanaged<ExportedModule>.fromOpaque(context!).takeUnretainedValue()
    }

    static func tuner(_ context: UnsafeMutableRawPointer?) throws -> any Tuner {
        guard let tuner = from(context).tuner else { throw ModuleError.invalid("this module is not a tuner") }
        return tuner
    }

    static func probe(_ context: UnsafeMutableRawPointer?) throws -> any Probe {
        guard let probe = from(context).probe else { throw ModuleError.invalid("this module is not a probe") }
        return probe
    }

    static func decode<Request: Decodable>(_ type: Request.Type, _ json: UnsafePointer<CChar>?) throws -> Request {
        guard let json else { throw ModuleError.invalid("the request is NULL") }
        do {
            return try JSONDecoder().decode(type, from: Data(String(cString: json).utf8))
        } catch {
            throw ModuleError.invalid("the request is not valid: \(error)")
        }
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// A probe's answer, `{"results":[...]}`, as a C string for `out_json` (freed by
    /// `free_string`). Written directly rather than by JSONEncoder, whose tree of every sample
    /// cost more time and memory than the measuring at thousands of targets.
    static func answer(_ results: [TargetResult]) throws -> UnsafeMutablePointer<CChar> {
        var json = JSONTextWriter()
        json.beginObject()
        json.key("results")
        json.beginArray()
        for result in results { try result.write(to: &json) }
        json.endArray()
        json.endObject()
        let text = malloc(json.bytes.count + 1)!.assumingMemoryBound(to: CChar.self)
        json.bytes.withUnsafeBytes { _ = memcpy(text, $0.baseAddress!, $0.count) }
        text[json.bytes.count] = 0
        return text
    }

    /// Runs one ABI call: builds the context, maps thrown errors to a status and message.
    func call(
        _ services: UnsafePointer<netagent_services>?,
        _ outMessage: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ body: (ModuleContext) throws -> Void
    ) -> Int32 {
        do {
            try body(ModuleContext(services))
            return NETAGENT_OK
        } catch let error as ModuleError {
            outMessage?.pointee = strdup(error.message)
            return error.status
        } catch let failure as SystemCallError {
            let error = KnobFile.moduleError(failure)
            outMessage?.pointee = strdup(error.message)
            return error.status
        } catch {
            outMessage?.pointee = strdup("\(error)")
            return NETAGENT_ERROR
        }
    }
}
