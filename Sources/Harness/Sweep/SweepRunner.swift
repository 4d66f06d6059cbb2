import Foundation
import ResultStore
import Simulation
import TrafficGeneration

/// Runs a sweep's tasks: for each seed, one traffic simulation whose windows feed one run session per grid
/// point (staged policies never change traffic). Seeds run in parallel (`jobs`); every task writes its own
/// temporary database, and runs are imported into the store in canonical task order, so the store's rows are
/// the same whatever `jobs` is.
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let jobs: Int

    public init(plan: SweepPlan, jobs: Int) { self.plan = plan; self.jobs = max(1, jobs) }

    /// Runs the plan's tasks into `storePath`. `progress(done, total)` counts finished tasks; it may be called
    /// from several threads.
    public func run(storePath: String, scratchDirectory: String, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> [Int64] {
        let tasks = plan.tasks
        let seeds = Array(Set(tasks.map(\.seed))).sorted()
        let fm = FileManager.default
        try fm.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
        let allTasks = plan.allTasks
        let file: @Sendable (SweepTask) -> String = { t in
            (scratchDirectory as NSString).appendingPathComponent("task-\(allTasks.firstIndex(of: t)!).sqlite")
        }
        for t in tasks { for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: file(t) + suffix) } }

        let failures = ErrorBox()
        let counter = ErrorBox()
        let total = tasks.count
        let plan = self.plan
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for seed in seeds {
            let mine = tasks.filter { $0.seed == seed }
            semaphore.wait()
            if failures.first != nil { semaphore.signal(); break }
            group.enter()
            DispatchQueue.global().async {
                defer { semaphore.signal(); group.leave() }
                do {
                    try SweepRunner.runSeed(plan: plan, seed: seed, tasks: mine, file: file)
                    for _ in mine { progress?(counter.increment(), total) }
                } catch { failures.record(error) }
            }
        }
        group.wait()
        if let error = failures.first { throw error }

        let store = try ResultStore(path: storePath)
        var ids: [Int64] = []
        for t in tasks {
            ids += try store.importRuns(from: file(t))
            for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: file(t) + suffix) }
        }
        return ids
    }

    /// One seed: one simulation, one session per task, each with its own database file.
    static func runSeed(plan: SweepPlan, seed: UInt64, tasks: [SweepTask], file: @Sendable (SweepTask) -> String) throws {
        var sim = TrafficSimulator(scenario: plan.scenario, seed: seed, duration: plan.options.duration)
        var sessions: [RunSession] = []
        for t in tasks {
            let store = try ResultStore(path: file(t))
            sessions.append(try RunSession(scenario: plan.scenario, cluster: sim.cluster, options: plan.runOptions(for: t),
                                           seed: seed, end: sim.end, store: store))
        }
        while let window = sim.nextWindow() {
            for i in sessions.indices { try sessions[i].consume(window) }
        }
        for i in sessions.indices { _ = try sessions[i].finish() }
    }
}

/// Thread-safe first error and counter.
final class ErrorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?
    private var count = 0
    var first: Error? { lock.lock(); defer { lock.unlock() }; return error }
    func record(_ e: Error) { lock.lock(); if error == nil { error = e }; lock.unlock() }
    func increment() -> Int { lock.lock(); defer { lock.unlock() }; count += 1; return count }
}
