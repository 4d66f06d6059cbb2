import ArgumentParser
import Foundation
import Harness
import Scenario
import Simulation
import TrafficGeneration

/// `recsim bench engine`: engine time (ingest + ticks) of a whole scenario run, measured on this thread.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract:
            "Run a scenario (default: large, 30 days, interval 150s) and print the recommendation engine's CPU time.",
        discussion:
            "Target: a 30-day run of `large` at interval 150s under 30 s of engine time on one core. Build with -c release."
    )

    @Option(help: "Scenario file.") var scenario = "scenarios/large.yaml"
    @Option(help: "Simulated days.") var days = 30.0
    @Option(help: "Engine interval.") var interval = "150s"
    @Option(help: "Stabilization period.") var stabilization = "10m"

    func run() throws {
        var s = try Scenario.load(path: scenario)
        var scope = s.recommendation.scope ?? defaultRunScope
        scope.spec.interval = interval
        scope.spec.stabilizationPeriod = stabilization
        s.recommendation.scope = scope
        var options = RunOptions()
        options.duration = try SimulatedDays.duration(days)
        let timer = ThreadCPUTimer()
        let bar = ProgressBar("bench engine: flush windows")
        let runner = ScenarioRunner(scenario: s, options: options)
        print("seed: \(runner.seed)")
        let windows = runner.windowCount
        var result: Result<RunResult, any Error> = .failure(RunError("not run"))
        let wall = ContinuousClock().measure {
            result = Result {
                try runner.run(tickTimer: timer) {
                    bar.update(done: Int(($0 * Double(windows)).rounded()), total: windows)
                }
            }
        }
        // A failed run is an error (exit status of ExitStatus), not a benchmark figure.
        let r = try result.get()
        print(
            "scenario: \(s.name), \(days) days, interval \(interval): \(r.flowLogRecords) flow-log records, \(r.ticks) ticks, \(r.recommendations.count) recommendations"
        )
        let (records, ticks) = (r.flowLogRecords, r.ticks)
        print(
            String(
                format: "engine CPU time: %.2f s (ingest %.2f s, ticks %.2f s; slowest tick %.3f s)",
                timer.ingest + timer.ticks, timer.ingest, timer.ticks, timer.slowestTick))
        print(
            String(
                format:
                    "per tick: %.3f ms; ingest per record: %.0f ns; engine time per simulated day: %.2f s (target: 30 days under 30 s)",
                timer.ticks * 1000 / Double(max(ticks, 1)), timer.ingest * 1e9 / Double(max(records, 1)),
                (timer.ingest + timer.ticks) / days))
        print(String(format: "whole run wall time: %.1f s", ProcessMetrics.seconds(wall)))
        print("peak memory: \(ProcessMetrics.peakMemoryText)")
    }
}

/// Thread CPU time of engine ingest and ticks.
final class ThreadCPUTimer: TickTimer, @unchecked Sendable {
    private(set) var ingest = 0.0, ticks = 0.0, slowestTick = 0.0
    func measureTick<T>(_ tick: () throws -> T) rethrows -> T {
        let t0 = ProcessMetrics.threadCPUSeconds()
        defer { let d = ProcessMetrics.threadCPUSeconds() - t0; ticks += d; slowestTick = max(slowestTick, d) }
        return try tick()
    }
    func measureIngest<T>(_ body: () throws -> T) rethrows -> T {
        let t0 = ProcessMetrics.threadCPUSeconds()
        defer { ingest += ProcessMetrics.threadCPUSeconds() - t0 }
        return try body()
    }
}
