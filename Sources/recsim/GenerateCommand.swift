import ArgumentParser
import Scenario
import Simulation
import TrafficGeneration

/// `recsim generate`: simulate a scenario and write Calico flow logs plus a ground-truth sidecar.
struct GenerateCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Simulate a scenario and write Calico flow-log JSON lines and their ground truth.",
        discussion: """
            Prints `seed: N` as the first line on standard output, then a summary. Writes FLOWS.jsonl (one \
            Calico Enterprise flow log per line) and FLOWS.truth.jsonl (the ground truth of the record on the same \
            line). Verdicts use the scenario's existing policies. The same scenario and seed give byte-identical files.
            """)

    @Argument(help: "Scenario file (scenarios/*.yaml).") var scenario: String
    @Option(help: "Run seed (default: the scenario's `seed`).") var seed: UInt64?
    @Option(help: "Simulate this many days instead of the scenario's duration.") var days: Double?
    @Option(name: .long, help: "Flow-log output file (JSON lines).") var out: String
    @Option(help: "Ground-truth sidecar (default: OUT with .jsonl replaced by .truth.jsonl).") var truthOut: String?

    func validate() throws {
        if let days { _ = try SimulatedDays.duration(days) }
    }

    func run() throws {
        let s = try Scenario.load(path: scenario)
        let seed = self.seed ?? s.seed
        print("seed: \(seed)")
        let duration = try days.map { d throws(ValidationError) in try SimulatedDays.duration(d) }
        let truth = truthOut ?? FlowLogGeneration.truthPath(for: out)
        let summary = try FlowLogGeneration.write(s, seed: seed, duration: duration, to: out, truthPath: truth)
        print("scenario: \(s.name)")
        print("windows: \(summary.windows)  records: \(summary.records)  connections: \(summary.connections)")
        print(
            "connections by rarity: "
                + summary.connectionsByRarity.map { "\($0.0.rawValue)=\($0.1)" }.joined(separator: " "))
        print("fingerprint: \(summary.fingerprint)")
        print("wrote \(out) and \(truth)")
    }
}
