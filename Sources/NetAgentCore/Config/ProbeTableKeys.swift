/// The keys of every probe's table that netagent itself reads (targets and schedule, which
/// `ProbeSettings` interprets), with their JSON Schema types; the table's other keys are the
/// module's own. The config checks them and keeps them from the module's config.
public enum ProbeTableKeys {
    public static let types: [String: String] = [
        "targets": "array", "count": "integer", "interval_ms": "integer", "timeout_ms": "integer", "probe_interval_s": "number",
    ]
}
