import Foundation

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
