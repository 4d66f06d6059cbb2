import ArgumentParser
import Foundation
import Harness
import Scenario
import TrafficGeneration

/// `recsim cluster`: a scenario's cluster inventory.
struct ClusterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cluster", abstract: "Work with cluster inventory files (the --cluster of replay and evaluate).",
        subcommands: [Export.self])

    /// `recsim cluster export SCENARIO`: the inventory file replay and `evaluate` read, for a scenario's cluster.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Write a scenario's cluster (namespaces, tiers, workloads, services, network sets, policies) as the --cluster file replay and evaluate read.",
            discussion:
                "Pair it with `recsim generate SCENARIO --out FLOWS.jsonl` to replay generated flow logs: `recsim recommend --flows FLOWS.jsonl --cluster CLUSTER.yaml --out DIR`. Format: docs/scenarios.md, \"Cluster files\"."
        )

        @Argument(help: "Scenario file.") var scenario: String
        @Option(help: "Output file (default: standard output).") var out: String?

        func run() throws {
            let s = try Scenario.load(path: scenario)
            let yaml = try ClusterExport.yaml(of: Cluster(scenario: s))
            guard let out else { print(yaml, terminator: ""); return }
            let writer = try AtomicLineWriter(path: out)
            writer.write(line: yaml.hasSuffix("\n") ? String(yaml.dropLast()) : yaml)
            try writer.commit()
            print("wrote \(out)")
        }
    }
}
