import Foundation
import Harness

/// The child side of `recsim capacity`: runs one point (`--single-point`), timing engine ticks with a
/// monotonic clock, and writes `progress DONE TOTAL` lines and one `result JSON` line on standard output.
enum CapacityChild {
    static func run(study: CapacityStudy, point: CapacityPointSpec) throws {
        let timer = ClockTickTimer()
        let db = FileManager.default.temporaryDirectory
            .appendingPathComponent("recsim-capacity-\(getpid())-\(point.index).sqlite").path
        var last = 0
        var m = try CapacityProbe.measure(study, point: point, databasePath: db, tickTimer: timer) { done, total in
            if done == total || done - last >= max(1, total / 200) {
                last = done
                emit("progress \(done) \(total)")
            }
        }
        m.tick = TickSeconds(durations: timer.durations)
        m.peakMemoryBytes = PeakMemory.bytes()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        emit("result " + String(decoding: try encoder.encode(m), as: UTF8.self))
    }

    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Times engine ticks with `ContinuousClock` (monotonic).
final class ClockTickTimer: TickTimer {
    private let clock = ContinuousClock()
    private(set) var durations: [Double] = []

    func measureTick<T>(_ tick: () throws -> T) rethrows -> T {
        let start = clock.now
        defer {
            let d = clock.now - start
            durations.append(Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18)
        }
        return try tick()
    }
}

/// The process's peak resident set size (`VmHWM` of /proc/self/status); nil where there is none.
enum PeakMemory {
    static func bytes() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 2, let kb = Double(fields[1]) { return kb * 1024 }
        }
        return nil
    }
}

/// Why a capacity point failed in its child process.
struct CapacityPointFailure: Error, CustomStringConvertible {
    var description: String
}

/// The parent side: runs points in child processes of this binary, `jobs` at a time, and collects their
/// measurements. Results are keyed by point index and delivered in point order as soon as every earlier
/// point is done, so what is stored never depends on scheduling, and a killed run keeps what finished.
final class CapacityWorkers: @unchecked Sendable {
    let arguments: [String]
    let jobs: Int
    let progress: ProgressBar
    let windowsPerPoint: Int
    /// Called under the lock, in point order.
    let deliver: (CapacityMeasurement) throws -> Void
    private let lock = NSLock()
    private var next = 0
    private var delivered = 0
    private var results: [Int: CapacityMeasurement] = [:]
    private var windowsDone: [Int: Int] = [:]
    private var failure: String?

    init(
        arguments: [String], jobs: Int, progress: ProgressBar, windowsPerPoint: Int,
        deliver: @escaping (CapacityMeasurement) throws -> Void
    ) {
        self.arguments = arguments; self.jobs = jobs; self.progress = progress; self.windowsPerPoint = windowsPerPoint
        self.deliver = deliver
    }

    func run(_ points: [CapacityPointSpec]) throws -> [CapacityMeasurement] {
        guard !points.isEmpty else { return [] }
        let executable = Self.executablePath()
        let total = points.count * max(1, windowsPerPoint)
        let group = DispatchGroup()
        for _ in 0..<min(jobs, points.count) {
            group.enter()
            Thread { [self] in
                work(points, executable: executable, total: total)
                group.leave()
            }.start()
        }
        group.wait()
        if let failure { throw CapacityPointFailure(description: failure) }
        return points.map { results[$0.index]! }
    }

    private func work(_ points: [CapacityPointSpec], executable: String, total: Int) {
        while true {
            lock.lock()
            guard failure == nil, next < points.count else { lock.unlock(); return }
            let point = points[next]
            next += 1
            lock.unlock()
            do {
                let m = try runChild(point, executable: executable, total: total)
                lock.lock(); defer { lock.unlock() }
                results[point.index] = m
                while delivered < points.count, let ready = results[points[delivered].index] {
                    try deliver(ready)
                    delivered += 1
                }
            } catch {
                lock.lock(); if failure == nil { failure = "capacity point \(point.label) failed: \(error)" };
                lock.unlock()
            }
        }
    }

    private func runChild(_ point: CapacityPointSpec, executable: String, total: Int) throws -> CapacityMeasurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + ["--single-point", String(point.index)]
        let out = Pipe()
        let errPath = FileManager.default.temporaryDirectory
            .appendingPathComponent("recsim-capacity-\(getpid())-\(point.index).stderr").path
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = errHandle
        try process.run()
        try? errHandle.close()
        var buffer = Data()
        var result: CapacityMeasurement?
        var decodeError: String?
        let reader = out.fileHandleForReading
        func handle(_ line: Substring) {
            if line.hasPrefix("progress ") {
                let parts = line.split(separator: " ")
                if parts.count == 3, let done = Int(parts[1]) {
                    lock.lock()
                    windowsDone[point.index] = done
                    progress.update(done: min(total, windowsDone.values.reduce(0, +)), total: total)
                    lock.unlock()
                }
            } else if line.hasPrefix("result ") {
                do {
                    result = try JSONDecoder().decode(CapacityMeasurement.self, from: Data(line.dropFirst(7).utf8))
                } catch { decodeError = "unreadable result from the child process: \(error)" }
            }
        }
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                handle(Substring(line))
            }
        }
        process.waitUntilExit()
        let stderrText =
            (try? String(contentsOfFile: errPath, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            ?? ""
        guard process.terminationStatus == 0, let result else {
            var why = "exit status \(process.terminationStatus)"
            if let decodeError { why += "; \(decodeError)" }
            if !stderrText.isEmpty { why += "\n" + stderrText }
            throw CapacityPointFailure(description: why)
        }
        return result
    }

    /// This binary (children run the same build).
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }
}
