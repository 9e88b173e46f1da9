import FoundationEssentials

/// One request to a persistent helper (`netagent module-host --serve`): one line of JSON on its
/// standard input, written by `PersistentHelper` and read by `HelperServer`; the helper answers
/// each with one `HelperAnswer`.
///
///     {"request":"{\"targets\":[...]}","timeout_ms":5000}
struct HelperRequest: Codable, Equatable {
    /// The probe's request JSON, as module.h's `run` takes it.
    let request: String
    /// The run's deadline, in milliseconds.
    let timeoutMS: Int

    enum CodingKeys: String, CodingKey {
        case request
        case timeoutMS = "timeout_ms"
    }

    /// The request as the line the helper reads: JSON and a newline.
    func line() throws -> [UInt8] {
        Array(try JSONEncoder().encode(self)) + [UInt8(ascii: "\n")]
    }
}
