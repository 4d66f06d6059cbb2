#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A progress bar on standard error (count, rate, ETA), drawn only when standard error is a terminal.
/// The CLI owns it; it is the only place besides benchmarks that reads a clock.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled = isatty(2) != 0
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDraw: ContinuousClock.Instant
    private var lastFraction = -1.0

    init(_ label: String) {
        self.label = label
        started = clock.now
        lastDraw = started
    }

    /// Updates the bar; `done`/`total` count units of work (windows, grid points).
    func update(done: Int, total: Int) {
        guard enabled, total > 0 else { return }
        let now = clock.now
        let fraction = Double(done) / Double(total)
        guard done == total || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        let elapsed = Double((now - started).components.seconds) + Double((now - started).components.attoseconds) / 1e18
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "\r\(label) [\(bar)] \(done)/\(total) \(format(rate))/s ETA \(Int(eta.rounded()))s "
        write(line)
        if done == total { write("\n") }
    }

    private func format(_ r: Double) -> String {
        r >= 100 ? String(Int(r)) : String(Int(r * 10) / 10) + "." + String(Int(r * 10) % 10)
    }

    private func write(_ s: String) {
        let bytes = Array(s.utf8)
        bytes.withUnsafeBufferPointer { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
