import ArgumentParser
import Foundation
import Harness
import ResultStore
import Scenario
import TrafficGeneration

/// `recsim bench sweep`: wall and CPU time of a whole sweep (by default the grid of issue 11's target) into a
/// temporary database, removed afterwards.
struct BenchSweepCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract:
            "Time a sweep (default: online-boutique, 3 intervals × 5 stabilization periods × 10 seeds × 14 days).",
        discussion: "Target: the default grid in under 60 s wall on 2 cores. Build with -c release.")

    @Option(help: "Scenario file.") var scenario = "scenarios/online-boutique.yaml"
    @Option(help: "Intervals, comma-separated.") var interval = "150s,5m,10m"
    @Option(help: "Stabilization periods, comma-separated.") var stabilization = "10m,1h,1d,3d,7d"
    @Option(help: "Seeds: A..B or a comma list.") var seeds = "1..10"
    @Option(help: "Simulated days.") var days = 14.0
    @Option(help: "Parallel simulations (default: the number of active processors).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let s = try Scenario.load(path: scenario)
        let grid = try SweepGrid(
            intervals: SweepGrid.durations(interval, option: "--interval"),
            stabilizations: SweepGrid.durations(stabilization, option: "--stabilization"),
            lookbacks: [], seeds: SweepGrid.seeds(seeds))
        var options = RunOptions()
        options.duration = try SimulatedDays.duration(days)
        let plan = SweepPlan(scenario: s, grid: grid, options: options, sweepID: nil, shard: nil)
        print("seeds: \(grid.seeds.map(String.init).joined(separator: ","))")
        print(
            "grid: \(s.name), \(plan.tasks.count) runs (\(grid.seeds.count) seeds), \(days) days each, \(jobs) job(s)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recsim-bench-sweep-\(getpid())")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let bar = LockedProgress(ProgressBar("bench sweep"))
        let cpu0 = ProcessMetrics.processCPUSeconds()
        var outcome: SweepRunner.Outcome?
        let wall = try ContinuousClock().measure {
            outcome = try SweepRunner(plan: plan, jobs: jobs).run(
                storePath: folder + "/sweep.sqlite",
                scratchDirectory: folder + "/scratch"
            ) { done, total in
                bar.update(done: done, total: total)
            }
        }
        let cpu = ProcessMetrics.processCPUSeconds() - cpu0
        let seconds = ProcessMetrics.seconds(wall)
        let runs = outcome?.importedRunIDs.count ?? 0
        print("runs: \(runs)")
        print(
            String(
                format:
                    "wall time: %.1f s; CPU time: %.1f s (%.2f s per run); target: the default grid under 60 s wall on 2 cores",
                seconds, cpu, cpu / Double(max(runs, 1))))
        print("peak memory: \(ProcessMetrics.peakMemoryText)")
    }
}
