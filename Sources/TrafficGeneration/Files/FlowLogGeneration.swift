import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// What a generation run produced.
public struct GenerationSummary: Sendable {
    public var seed: UInt64
    public var windows: Int
    public var records: Int
    public var connections: Int64
    /// Connections per rarity class (legit and attack), in `Rarity` order.
    public var connectionsByRarity: [(Rarity, Int64)]
    /// Fingerprint of every written flow-log line (SHA-256, hex).
    public var fingerprint: String
}

/// The `recsim generate` pipeline: scenario → simulator → aggregator (existing policies) → JSON lines.
public enum FlowLogGeneration {
    /// One ground-truth line: `{"truth":[{"pattern":…,"rarity":…,"truth":…,"count":…}]}` for the record on the same line.
    public static func truthLine(_ truth: [PatternCount]) -> String { "{\"truth\":" + truthArray(truth) + "}" }

    /// The ground truth of one record as a JSON array, `[{"pattern":…,"rarity":…,"truth":…,"count":…}]` (also what
    /// `--store-flows` stores beside each line).
    public static func truthArray(_ truth: [PatternCount]) -> String {
        var out = "["
        for (i, t) in truth.enumerated() {
            if i > 0 { out += "," }
            out += "{\"pattern\":"
            JSONWriter.appendQuoted(t.patternID, to: &out)
            out += ",\"rarity\":\"\(t.rarity.rawValue)\",\"truth\":\"\(t.truth.rawValue)\",\"count\":\(t.count)}"
        }
        return out + "]"
    }

    /// The sidecar path for a flow-log file: `FLOWS.jsonl` → `FLOWS.truth.jsonl`.
    public static func truthPath(for path: String) -> String {
        path.hasSuffix(".jsonl") ? String(path.dropLast(6)) + ".truth.jsonl" : path + ".truth.jsonl"
    }

    /// Simulates `scenario` and hands every record to `sink` in order; evaluation uses the cluster's existing
    /// (static) policies, so verdicts are reused across windows.
    public static func run(
        _ scenario: Scenario, seed: UInt64, duration: SimDuration? = nil,
        sink: (GeneratedFlowLog) throws -> Void
    ) throws -> GenerationSummary {
        let cluster = Cluster(scenario: scenario)
        let evaluator = Evaluator(try cluster.policySet())
        var simulator = TrafficSimulator(scenario: scenario, cluster: cluster, seed: seed, duration: duration)
        var aggregator = FlowLogAggregator(scenario.flowLogs)
        var windows = 0, records = 0
        var connections: Int64 = 0
        var byRarity = Array(repeating: Int64(0), count: Rarity.allCases.count)
        while let window = simulator.nextWindow() {
            try Interruption.check()
            windows += 1
            for c in window.connections {
                connections += c.count
                for t in c.truth { byRarity[Rarity.allCases.firstIndex(of: t.rarity)!] += t.count }
            }
            for r in aggregator.flowLogs(window, evaluator: evaluator, policyVersion: 0) {
                records += 1
                try sink(r)
            }
        }
        return GenerationSummary(
            seed: seed, windows: windows, records: records, connections: connections,
            connectionsByRarity: zip(Rarity.allCases, byRarity).filter { $0.1 > 0 }, fingerprint: "")
    }

    /// Writes flow logs to `path` and the ground truth to `truthPath`, both atomically.
    public static func write(
        _ scenario: Scenario, seed: UInt64, duration: SimDuration? = nil,
        to path: String, truthPath: String
    ) throws -> GenerationSummary {
        let flows = try AtomicLineWriter(path: path)
        let truth = try AtomicLineWriter(path: truthPath)
        var fingerprint = Fingerprint()
        var summary = try run(scenario, seed: seed, duration: duration) { r in
            let line = r.log.jsonLine
            fingerprint.fold(line)
            flows.write(line: line)
            truth.write(line: truthLine(r.truth))
        }
        try flows.commit()
        try truth.commit()
        summary.fingerprint = fingerprint.hex
        return summary
    }
}
