import Synchronization

/// A request to stop, made by a signal handler (SIGINT, SIGTERM) and honoured cooperatively.
///
/// Long loops (traffic windows, replayed records, sweep seeds, capacity steps, merged runs) call `check()`; once
/// a stop was requested it throws `Interrupted`, so every `defer`/`catch` on the way out runs: temp files are
/// removed, open transactions roll back and a stored run is marked `interrupted`. Library code never installs
/// handlers; the command-line tool does.
public enum Interruption {
    private static let signal = Atomic<Int32>(0)

    /// Records a stop request. Async-signal-safe: a lock-free atomic store.
    public static func request(signal number: Int32) {
        signal.store(number, ordering: .relaxed)
    }

    /// The signal that asked to stop, or nil.
    public static var requested: Int32? {
        let value = signal.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Throws `Interrupted` once a stop was requested.
    public static func check() throws(Interrupted) {
        if let number = requested { throw Interrupted(signal: number) }
    }

    /// Forgets a request (tests).
    public static func reset() { signal.store(0, ordering: .relaxed) }
}

/// Work stopped because the process was asked to (SIGINT or SIGTERM).
public struct Interrupted: Error, Sendable, Equatable, CustomStringConvertible {
    /// The signal number (2 for SIGINT, 15 for SIGTERM).
    public var signal: Int32
    /// What was left behind, e.g. "run 12 is marked interrupted in the store".
    public var note: String?
    public init(signal: Int32, note: String? = nil) { self.signal = signal; self.note = note }

    public var signalName: String {
        switch signal {
        case 2: "SIGINT"
        case 15: "SIGTERM"
        default: "signal \(signal)"
        }
    }

    public var description: String { "interrupted by \(signalName)" + (note.map { "; \($0)" } ?? "") }

    /// The conventional exit status of a process stopped by this signal: 128 + its number (130, 143).
    public var exitStatus: Int32 { 128 + signal }
}
