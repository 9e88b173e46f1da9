import Dispatch

/// Runs synchronous work (module calls, helper processes, file writes) on a Dispatch thread so it
/// never blocks the cooperative threads the HTTP server and the scheduler run on.
enum Blocking {
    static func run<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}
