import Foundation
import Simulation

/// Thread-safe first error and counter.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    private var storedCount = 0
    var first: Error? { lock.lock(); defer { lock.unlock() }; return error }
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; storedCount += 1; return storedCount }
    var count: Int { lock.lock(); defer { lock.unlock() }; return storedCount }
}

/// Runs independent pieces of work on at most `jobs` threads at once, in the given order of starting. After the
/// first error or an interrupt no further piece starts (the running ones finish). Returns the first error, if
/// any; an interrupt is left to the caller (`Interruption.requested`).
enum BoundedParallel {
    static func forEach<T: Sendable>(
        _ items: [T], jobs: Int, _ body: @escaping @Sendable (T) throws -> Void
    ) -> (any Error)? {
        let failures = ErrorBox()
        let semaphore = DispatchSemaphore(value: max(1, jobs))
        let group = DispatchGroup()
        for item in items {
            semaphore.wait()
            if failures.first != nil || Interruption.requested != nil { semaphore.signal(); break }
            group.enter()
            DispatchQueue.global().async {
                defer { semaphore.signal(); group.leave() }
                do { try body(item) } catch { failures.record(error) }
            }
        }
        group.wait()
        return failures.first
    }
}
