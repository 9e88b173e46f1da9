import Dispatch

/// Runs synchronous work (module calls, helper processes, file writes) on a Dispatch thread so it
/// never blocks the cooperative threads the HTTP server and the scheduler run on.
public enum Blocking {
    /// `work`'s value, or the error it threw.
    public static func run<Value: Sendable, Failure: Error>(
        _ work: @escaping @Sendable () throws(Failure) -> Value
    ) async throws(Failure) -> Value {
        let result: Result<Value, Failure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(Failure) -> Value in try work() })
            }
        }
        return try result.get()
    }
}
