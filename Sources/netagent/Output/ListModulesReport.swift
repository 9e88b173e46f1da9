import NetAgentCore

/// The JSON of `list-modules`.
struct ListModulesReport: Encodable {
    struct Directory: Encodable {
        let path: String
        let origin: String
    }
    let modules: [ModuleRecord]
    let searchPath: [Directory]
    enum CodingKeys: String, CodingKey {
        case modules
        case searchPath = "search_path"
    }
}
