import ArgumentParser
import CalicoModel
import Foundation
import Harness
import Simulation

/// `recsim bench replay FILE`: flow-log records per second, reading alone and reading + the engine (replay).
struct BenchReplayCommand: ParsableCommand, Interruptible {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Time reading a flow-log file (records/s), then a replay of it through the engine (records/s).",
        discussion: """
            Make a file with `recsim generate scenarios/large.yaml --days 1 --out large-1d.jsonl` and its cluster with \
            `recsim cluster export scenarios/large.yaml --out large-cluster.yaml`. Target: 1,000,000 records/s on one \
            core for read + engine. Build with -c release.
            """)

    @Argument(help: "Calico flow logs (JSON lines).") var flows: String
    @Option(
        help: "Cluster inventory YAML for the replay (namespaces, existing policies); without it only reading is timed."
    )
    var cluster: String?
    @Option(help: "Replay seed (names of recommendations).") var seed: UInt64 = 1

    func run() throws {
        print("seed: \(seed)")
        let cpu0 = ProcessMetrics.processCPUSeconds()
        var records = 0
        let readWall = try ContinuousClock().measure {
            var reader = try LineReader(path: flows)
            var decoder = FlowLogDecoder()
            var log = FlowLog.placeholder
            while try decoder.nextRecord(into: &log, from: &reader, file: flows) {
                records += 1
                if records & 0xFFFF == 0 { try Interruption.check() }
            }
        }
        let readCPU = ProcessMetrics.processCPUSeconds() - cpu0
        print(
            String(
                format: "read: %d records in %.2f s CPU (%.0f records/s; wall %.2f s)",
                records, readCPU, Double(records) / max(readCPU, 1e-9), ProcessMetrics.seconds(readWall)))
        guard let cluster else { return }
        let text: String
        do { text = try TextFile.read(cluster) } catch { throw ValidationError(error.description) }
        let inventory = try ResourceYAML.decode(text, file: cluster, ignoreUnknownKinds: true)
        let cpu1 = ProcessMetrics.processCPUSeconds()
        var result: ReplayRunner.Result?
        let replayWall = try ContinuousClock().measure {
            result = try ReplayRunner(inventory: inventory, flowsPath: flows, scope: nil, seed: seed).run()
        }
        let replayCPU = ProcessMetrics.processCPUSeconds() - cpu1
        let r = result!
        print(
            String(
                format:
                    "read + engine: %d records, %d ticks, %d recommendations in %.2f s CPU (%.0f records/s; wall %.2f s)",
                r.records, r.ticks, r.recommendations.count, replayCPU, Double(r.records) / max(replayCPU, 1e-9),
                ProcessMetrics.seconds(replayWall)))
        print("target: 1,000,000 records/s on one core for read + engine")
        print("peak memory: \(ProcessMetrics.peakMemoryText)")
    }
}
