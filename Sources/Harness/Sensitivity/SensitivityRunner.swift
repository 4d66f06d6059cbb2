import Foundation
import ResultStore
import Simulation
import TrafficGeneration

/// Runs a sensitivity study: per seed, one traffic simulation whose windows feed one run session per variant
/// (staged policies never change traffic, so every variant sees the same flows). Seeds run in parallel
/// (`jobs`); with fewer seeds than jobs, a seed's variants are split into groups that each simulate the traffic
/// (generation is cheap next to the sessions). Each session writes its own scratch database, imported into the
/// store in (seed, variant) order when all are done, so the store's rows do not depend on `jobs`.
public struct SensitivityRunner: Sendable {
    public let plan: SensitivityPlan
    public let jobs: Int

    public init(plan: SensitivityPlan, jobs: Int) { self.plan = plan; self.jobs = max(1, jobs) }

    /// What the call did.
    public enum Outcome: Sendable, Equatable {
        /// Every run was simulated now and stored.
        case ran(runs: Int)
        /// The store already held every run of this study; nothing was simulated.
        case alreadyStored(runs: Int)
    }

    /// Runs the study into `storePath`. `progress(done, total)` counts simulated flow-log windows over all seeds.
    public func run(
        storePath: String, scratchDirectory: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> Outcome {
        let expected = plan.seeds.count * plan.variants.count
        if FileManager.default.fileExists(atPath: storePath) {
            let stored = try ResultStore(path: storePath).sweepRuns(sweepID: plan.id)
            let complete = stored.filter { $0.status == .complete }.count
            if complete == expected && stored.count == expected { return .alreadyStored(runs: expected) }
            if !stored.isEmpty {
                throw RunError(
                    "\(storePath) holds \(stored.count) run(s) of \(plan.id) but not the whole study (\(complete) of \(expected) complete); choose another --db"
                )
            }
        }
        let fm = FileManager.default
        try fm.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
        let plan = self.plan
        let variants = plan.variants
        let file: @Sendable (UInt64, Int) -> String = { seed, v in
            (scratchDirectory as NSString).appendingPathComponent("seed-\(seed)-variant-\(v).sqlite")
        }
        func removeAll() {
            for seed in plan.seeds {
                for v in variants.indices {
                    for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: file(seed, v) + suffix) }
                }
            }
        }
        removeAll()
        defer { removeAll(); try? fm.removeItem(atPath: scratchDirectory) }

        let windows = ErrorBox()
        // Variant groups per seed: enough to keep `jobs` busy when there are few seeds.
        let groupsPerSeed = max(1, min(variants.count, jobs / max(1, plan.seeds.count)))
        let groups: [(seed: UInt64, variants: [Int])] = plan.seeds.flatMap { seed in
            (0..<groupsPerSeed).map { g in
                (seed, Array(stride(from: g, to: variants.count, by: groupsPerSeed)))
            }
        }
        let total = plan.windowsPerSeed * groups.count
        if let error = BoundedParallel.forEach(
            groups, jobs: jobs,
            { task in
                try SensitivityRunner.runSeed(plan: plan, seed: task.seed, variants: task.variants, file: file) {
                    progress?(windows.increment(), total)
                }
            })
        {
            throw error
        }
        if let signal = Interruption.requested { throw Interrupted(signal: signal) }
        let store = try ResultStore(path: storePath)
        for seed in plan.seeds {
            for v in variants.indices {
                try Interruption.check()
                _ = try store.importRuns(from: file(seed, v))
            }
        }
        return .ran(runs: expected)
    }

    /// One seed's variants (indices into `plan.variants`): one simulation, one session per variant.
    static func runSeed(
        plan: SensitivityPlan, seed: UInt64, variants: [Int], file: @Sendable (UInt64, Int) -> String,
        window: () -> Void
    ) throws {
        var sim = TrafficSimulator(scenario: plan.scenario, seed: seed, duration: plan.options.duration)
        var sessions: [RunSession] = []
        let yamlCache = PolicyYAMLCache()
        for i in variants {
            let v = plan.variants[i]
            sessions.append(
                try RunSession(
                    scenario: plan.scenario, cluster: sim.cluster, options: plan.runOptions(v, seed: seed),
                    seed: seed, end: sim.end, store: try ResultStore(path: file(seed, i)), yamlCache: yamlCache))
        }
        while let w = sim.nextWindow() {
            try Interruption.check()
            for i in sessions.indices { try sessions[i].consume(w) }
            window()
        }
        for i in sessions.indices { _ = try sessions[i].finish() }
    }
}
