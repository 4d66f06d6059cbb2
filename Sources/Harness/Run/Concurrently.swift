import Dispatch

/// Two pieces of work at once.
enum Concurrently {
    /// Runs `first` and `second` at the same time (on two threads when the machine has them, else one after the
    /// other) and returns when both are done.
    ///
    /// The caller guarantees what the compiler cannot check here: the two share no mutable state (each mutates only
    /// what the other never touches) and neither escapes. `RunSession` moves one side's state out of itself first.
    static func run(_ first: () -> Void, _ second: () -> Void) {
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let work = [Work(body: first), Work(body: second)]
                DispatchQueue.concurrentPerform(iterations: 2) { i in work[i].body() }
            }
        }
    }

    /// A closure handed to a worker thread under the contract of `run`.
    private struct Work: @unchecked Sendable {
        let body: () -> Void
    }
}
