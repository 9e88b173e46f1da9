import NetAgentCore

/// The JSON of `check-module`.
struct CheckReport: Encodable {
    let path: String
    let passed: Bool
    let checks: [ModuleChecker.Check]
}
