import ArgumentParser
import Foundation
import PolicyEvaluation
import Scenario
import Simulation
import TrafficGeneration

/// `recsim bench-generator`: generator throughput and peak memory (build with `-c release`).
struct BenchGeneratorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-generator",
        abstract: "Measure flow-log generation throughput (records/s, one core) and peak memory.",
        discussion: """
            Counts the records TrafficSimulator + FlowLogAggregator produce with the evaluator (the scenario's \
            existing policies), then, separately, the time to serialise them as JSON lines. Peak memory is \
            VmHWM from /proc/self/status after the run. Run a release build: swift run -c release recsim bench-generator.
            """)

    @Option(help: "Scenario file.") var scenario = "scenarios/large.yaml"
    @Option(help: "Simulated days.") var days: Double = 30
    @Option(help: "Run seed (default: the scenario's).") var seed: UInt64?
    @Flag(help: "Also serialise every record to JSON (timed separately, not written).") var json = false
    @Flag(
        help: "Reuse verdicts across windows (static policies, as `generate` does) instead of evaluating every window.")
    var reuseVerdicts = false

    func run() throws {
        let s = try Scenario.load(path: scenario)
        let seed = self.seed ?? s.seed
        print("seed: \(seed)")
        let cluster = Cluster(scenario: s)
        let evaluator = Evaluator(try cluster.policySet())
        var simulator = TrafficSimulator(
            scenario: s, cluster: cluster, seed: seed,
            duration: try SimulatedDays.duration(days))
        var aggregator = FlowLogAggregator(s.flowLogs)
        let clock = ContinuousClock()
        var records = 0, bytes = 0
        var generation = Duration.zero, serialisation = Duration.zero
        var generationCPU = 0.0, serialisationCPU = 0.0
        while true {
            let c0 = ProcessMetrics.threadCPUSeconds()
            let t0 = clock.now
            guard let window = simulator.nextWindow() else { break }
            let logs = aggregator.flowLogs(window, evaluator: evaluator, policyVersion: reuseVerdicts ? 0 : nil)
            let t1 = clock.now
            let c1 = ProcessMetrics.threadCPUSeconds()
            generation += t1 - t0
            generationCPU += c1 - c0
            records += logs.count
            if json {
                for r in logs { bytes += r.log.jsonLine.utf8.count }
                serialisation += clock.now - t1
                serialisationCPU += ProcessMetrics.threadCPUSeconds() - c1
            }
        }
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let g = seconds(generation)
        print("verdicts: " + (reuseVerdicts ? "reused across windows (policies unchanged)" : "evaluated every window"))
        print(
            "scenario: \(s.name) (\(cluster.namespaces.count) namespaces, \(cluster.workloads.count) workloads, \(s.traffic.count) patterns), \(days) days"
        )
        print("records: \(records)")
        print(
            String(
                format: "generation: %.2f s wall, %.0f records/s; %.2f s CPU, %.0f records per CPU-second",
                g, Double(records) / max(g, 1e-9), generationCPU, Double(records) / max(generationCPU, 1e-9)))
        if json {
            let j = seconds(serialisation)
            print(
                String(
                    format: "json: %.2f s wall, %.0f records/s; %.0f records per CPU-second; %.1f MB",
                    j, Double(records) / max(j, 1e-9), Double(records) / max(serialisationCPU, 1e-9),
                    Double(bytes) / 1e6))
        }
        print("peak memory (VmHWM): \(ProcessMetrics.peakMemoryText)")
    }
}
