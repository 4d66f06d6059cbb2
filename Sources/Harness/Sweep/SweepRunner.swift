import Foundation
import ResultStore
import Simulation
import TrafficGeneration

/// Runs a sweep's tasks: for each seed, one traffic simulation whose windows feed one run session per grid
/// point (staged policies never change traffic). Seeds run in parallel (`jobs`); every task writes its own
/// database in the scratch folder, committed when its seed ends, and runs are imported into the store in
/// canonical task order, so the store's rows are the same whatever `jobs` is.
///
/// Resuming: a finished task's scratch database survives a kill or an interrupt, and an imported task's runs are
/// in the store. `resume` keeps both and runs only the rest; the import continues in canonical order, so a
/// resumed sweep ends with the same rows (ids included) as an uninterrupted one.
public struct SweepRunner: Sendable {
    public let plan: SweepPlan
    public let jobs: Int

    public init(plan: SweepPlan, jobs: Int) { self.plan = plan; self.jobs = max(1, jobs) }

    /// What a sweep did.
    public struct Outcome: Sendable, Equatable {
        /// Ids of the runs imported by this call, in canonical task order.
        public var importedRunIDs: [Int64] = []
        /// Tasks found finished (in the store or the scratch folder) and not run again.
        public var resumedTasks = 0
        /// Tasks simulated by this call.
        public var ranTasks = 0
    }

    /// Runs the plan's tasks into `storePath`. `progress(done, total)` counts finished tasks; it may be called
    /// from several threads. Without `resume`, a store that already holds runs of this sweep is refused (the
    /// sweep would count them twice) and leftover scratch files are discarded.
    public func run(
        storePath: String, scratchDirectory: String, resume: Bool = false,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Outcome {
        let tasks = plan.tasks
        let fm = FileManager.default
        try fm.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
        let allTasks = plan.allTasks
        let file: @Sendable (SweepTask) -> String = { t in
            (scratchDirectory as NSString).appendingPathComponent("task-\(allTasks.firstIndex(of: t)!).sqlite")
        }
        let remove: @Sendable (SweepTask) -> Void = { t in
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file(t) + suffix) }
        }

        let stored = try storedTasks(storePath: storePath, resume: resume)
        var outcome = Outcome()
        var pending: [SweepTask] = []
        for t in tasks {
            if stored.contains(TaskKey(t)) {
                remove(t)  // imported before a kill that came ahead of the scratch file's removal
                outcome.resumedTasks += 1
            } else if resume && Self.isFinished(file(t), task: t, scenario: plan.scenario.name) {
                outcome.resumedTasks += 1
            } else {
                remove(t)
                pending.append(t)
            }
        }

        let counter = ErrorBox()
        let total = tasks.count
        for _ in 0..<outcome.resumedTasks { let done = counter.increment(); progress?(done, total) }
        let plan = self.plan
        let seeds = Array(Set(pending.map(\.seed))).sorted()
        let pendingTasks = pending
        let failure = BoundedParallel.forEach(seeds, jobs: jobs) { seed in
            let mine = pendingTasks.filter { $0.seed == seed }
            do {
                try SweepRunner.runSeed(plan: plan, seed: seed, tasks: mine, file: file)
                for _ in mine { let done = counter.increment(); progress?(done, total) }
            } catch {
                for t in mine { remove(t) }  // no half-written task is left to be taken for a finished one
                throw error
            }
        }
        let ran = counter.count - outcome.resumedTasks  // tasks of the seeds that finished
        if let error = failure ?? Interruption.requested.map({ Interrupted(signal: $0) }) {
            if var stop = error as? Interrupted {
                let kept = outcome.resumedTasks + ran
                stop.note =
                    "\(kept) of \(tasks.count) runs are finished and kept; run the same command with --resume to finish the sweep"
                throw stop
            }
            throw error
        }
        outcome.ranTasks = ran

        let store = try ResultStore(path: storePath)
        for t in tasks where !stored.contains(TaskKey(t)) {
            try Interruption.check()
            outcome.importedRunIDs += try store.importRuns(from: file(t))
            remove(t)
        }
        return outcome
    }

    /// A task's identity in the store.
    struct TaskKey: Hashable {
        var settingsJSON: String
        var seed: UInt64
        init(_ t: SweepTask) { settingsJSON = t.settingsJSON; seed = t.seed }
        init(settingsJSON: String, seed: UInt64) { self.settingsJSON = settingsJSON; self.seed = seed }
    }

    /// The tasks whose complete runs the store already holds (only when resuming; otherwise such runs are refused).
    func storedTasks(storePath: String, resume: Bool) throws -> Set<TaskKey> {
        guard FileManager.default.fileExists(atPath: storePath) else { return [] }
        let runs = try ResultStore(path: storePath).sweepRuns(sweepID: plan.sweepID)
        guard !runs.isEmpty else { return [] }
        guard resume else {
            throw GridError(
                "\(storePath) already holds \(runs.count) run(s) of sweep \(plan.sweepID): pass --resume to finish that sweep, "
                    + "or choose another --db")
        }
        let known = Set(plan.allTasks.map(TaskKey.init))
        var done: Set<TaskKey> = []
        for run in runs {
            let key = TaskKey(settingsJSON: run.info.settingsJSON, seed: run.info.seed)
            guard known.contains(key), run.info.scenario == plan.scenario.name else {
                throw GridError(
                    "--resume: \(storePath) holds runs of sweep \(plan.sweepID) that are not in this grid (run \(run.id)); "
                        + "resume with the same scenario, grid, seeds and options")
            }
            if run.status == .complete { done.insert(key) }
        }
        return done
    }

    /// Whether `path` is a scratch database holding the complete run of `task`.
    static func isFinished(_ path: String, task: SweepTask, scenario: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path),
            let store = try? ResultStore(path: path, mode: .readOnly),
            let runs = try? store.runs(), runs.count == 1, let run = runs.first
        else { return false }
        return run.status == .complete && run.info.seed == task.seed && run.info.settingsJSON == task.settingsJSON
            && run.info.scenario == scenario
    }

    /// One seed: one simulation per flush interval, one session per task, each with its own database file.
    static func runSeed(plan: SweepPlan, seed: UInt64, tasks: [SweepTask], file: @Sendable (SweepTask) -> String) throws
    {
        let flushes = Array(Set(tasks.map { plan.scenario(for: $0.point).flowLogs.flushInterval })).sorted()
        for flush in flushes {
            let mine = tasks.filter { plan.scenario(for: $0.point).flowLogs.flushInterval == flush }
            let scenario = plan.scenario(for: mine[0].point)
            var sim = TrafficSimulator(scenario: scenario, seed: seed, duration: plan.options.duration)
            var sessions: [RunSession] = []
            let yamlCache = PolicyYAMLCache()
            for t in mine {
                let store = try ResultStore(path: file(t))
                sessions.append(
                    try RunSession(
                        scenario: scenario, cluster: sim.cluster, options: plan.runOptions(for: t),
                        seed: seed, end: sim.end, store: store, yamlCache: yamlCache))
            }
            while let window = sim.nextWindow() {
                for i in sessions.indices { try sessions[i].consume(window) }
            }
            for i in sessions.indices { _ = try sessions[i].finish() }
        }
    }
}
