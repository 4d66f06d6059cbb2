import ArgumentParser
import Foundation
import PolicyEvaluation

/// `recsim bench …`: micro-benchmarks. Build with `-c release`; debug builds are ~25× slower.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (run a release build: swift run -c release recsim bench …).",
        subcommands: [
            BenchEvaluatorCommand.self, BenchEngineCommand.self, BenchSweepCommand.self, BenchReplayCommand.self,
        ]
    )
}

/// `recsim bench evaluator`: evaluations per second on one core for a synthetic cluster.
struct BenchEvaluatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluator",
        abstract:
            "Evaluate connections against a synthetic cluster (100 namespaces, 300 policies, 4 tiers) and print evaluations/second."
    )

    @Option(help: "Number of evaluations to time.") var evaluations = 5_000_000
    @Option(help: "Distinct connections to cycle through.") var connections = 20_000
    @Option(help: "Namespaces in the synthetic cluster.") var namespaces = 100
    @Option(help: "Policies in the synthetic cluster.") var policies = 300

    func validate() throws {
        guard evaluations > 0, connections > 0 else {
            throw ValidationError("--evaluations and --connections must be positive")
        }
        guard namespaces > 0, policies >= 30 + namespaces else {
            throw ValidationError("--policies must be at least 30 + --namespaces")
        }
    }

    func run() throws {
        let cluster = SyntheticCluster(namespaceCount: namespaces, policyCount: policies)
        let set = try cluster.policySet()
        let evaluator = Evaluator(set)
        let list = cluster.connections(connections)
        print(
            "cluster: \(namespaces) namespaces, \(cluster.pods.count) pods, \(cluster.policies.count) policies, tiers \(set.tierOrder.joined(separator: ","))"
        )
        // Warm the identity cache so the timing measures steady-state evaluation.
        for c in list { _ = evaluator.evaluate(c, reporter: .src) }
        let clock = ContinuousClock()
        var allowed = 0
        let cpuStart = ProcessMetrics.threadCPUSeconds()
        let elapsed = clock.measure {
            list.withUnsafeBufferPointer { buffer in
                var i = 0
                for n in 0..<evaluations {
                    let v = evaluator.evaluate(buffer[i], reporter: n & 1 == 0 ? .src : .dst)
                    if v.enforced.action == .allow { allowed += 1 }
                    i += 1
                    if i == buffer.count { i = 0 }
                }
            }
        }
        let cpu = ProcessMetrics.threadCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "evaluations: \(evaluations) in \(String(format: "%.3f", seconds)) s wall, \(String(format: "%.3f", cpu)) s thread CPU (\(allowed) allowed)"
        )
        // Wall-clock rate is what a run sees; the CPU-time rate is the one-core figure when the machine is shared.
        print("evaluations/second (CPU time): \(Int(Double(evaluations) / cpu))")
        print("evaluations/second: \(Int(Double(evaluations) / seconds))")
    }

    /// CPU time consumed by this thread, in seconds.
}
