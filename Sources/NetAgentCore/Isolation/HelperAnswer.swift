import FoundationEssentials

/// What a probe's helper process (`netagent module-host`) answers for one run, and how it
/// travels on the helper's standard output: one header line of JSON, then, when the module
/// answered, the module's JSON exactly as it returned it, as many bytes as the header says.
///
///     {"json_bytes":25165824}\n{"results":[...]}
///     {"error":"cannot open an ICMP socket: ...","status":-3}\n
///
/// The module's JSON is not put inside the header as a JSON string: at thousands of targets the
/// escaping, the unescaping and the copies they make cost more than the run's own measuring.
public struct HelperAnswer: Sendable, Equatable {
    /// The module's JSON answer, unchecked, when the call succeeded. A slice, so that reading
    /// an answer does not copy it out of the helper's output.
    public var json: ArraySlice<UInt8>?
    /// Why the call failed, when it did: the module's own message when it returned a status.
    public var error: String?
    /// The `NETAGENT_*` status the module returned, when the module itself failed the call;
    /// absent when the helper could not get that far (load failure).
    public var status: Int32?

    public init(json: ArraySlice<UInt8>? = nil, error: String? = nil, status: Int32? = nil) {
        self.json = json
        self.error = error
        self.status = status
    }

    /// The header line's fields.
    private struct Header: Codable {
        var jsonBytes: Int?
        var error: String?
        var status: Int32?

        enum CodingKeys: String, CodingKey {
            case error, status
            case jsonBytes = "json_bytes"
        }
    }

    /// The header line the helper writes first, newline included; the module's JSON follows it.
    public func headerLine() -> [UInt8] {
        let header = Header(jsonBytes: json?.count, error: error, status: status)
        let line = (try? JSONEncoder().encode(header)).map(Array.init) ?? Array(#"{"error":"the helper could not encode its answer"}"#.utf8)
        return line + [UInt8(ascii: "\n")]
    }

    /// The longest header line read; a longer one is garbage.
    static let maximumHeader = 1 << 20

    /// What is at the start of a helper's output.
    enum Reading: Equatable {
        /// A whole answer, and how many bytes of the output it took.
        case answer(HelperAnswer, length: Int)
        /// Not all of it yet: the header line or the JSON it announces is still to come.
        case incomplete
        /// A header line that is not one.
        case unreadable
    }

    /// Reads the answer at the start of `output`. Only the header line is searched for its end,
    /// never the (large) JSON after it.
    static func read(from output: [UInt8]) -> Reading {
        guard let newline = output.prefix(maximumHeader).firstIndex(of: UInt8(ascii: "\n")) else {
            return output.count > maximumHeader ? .unreadable : .incomplete
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(output[..<newline])) else { return .unreadable }
        let jsonStart = newline + 1
        guard let count = header.jsonBytes else {
            return .answer(HelperAnswer(error: header.error, status: header.status), length: jsonStart)
        }
        guard count >= 0 else { return .unreadable }
        guard output.count - jsonStart >= count else { return .incomplete }
        return .answer(
            HelperAnswer(json: output[jsonStart..<jsonStart + count], error: header.error, status: header.status), length: jsonStart + count
        )
    }
}
