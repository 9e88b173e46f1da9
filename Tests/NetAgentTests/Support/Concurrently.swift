import Foundation

/// Runs two measurements at the same time, so both see the same conditions.
enum Concurrently {
    /// Where the first measurement's thread leaves its result; read only after it signalled.
    private final class Outcome<Value>: @unchecked Sendable {
        var result: Result<Value, Error>?
    }

    static func run<A, B>(_ first: @escaping @Sendable () throws -> A, _ second: () throws -> B) throws -> (A, B) {
        let outcome = Outcome<A>()
        let done = DispatchSemaphore(value: 0)
        Thread {
            outcome.result = Result { try first() }
            done.signal()
        }.start()
        let secondResult = Result { try second() }
        done.wait()
        return (try outcome.result!.get(), try secondResult.get())
    }
}
