import Foundation
import Harness
import ResultStore
import Scenario
import Simulation
import TrafficGeneration

/// A tiny sweep shared by the harness tests and the command-line tests.
public enum SweepFixture {
    public static let tiny = """
        name: tiny-sweep
        duration: 1d
        cluster:
          nodes: 1
          namespaces: [cli, svc]
          workloads:
            - {name: client, namespace: cli}
            - {name: server, namespace: svc, ports: [{name: a, port: 8080}, {name: b, port: 9090}]}
        traffic:
          - {id: main, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 300}}
          - {id: rare, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, steady: {rate: 1}}
          - {id: sixhourly, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, periodic: {every: 6h, phase: 2h, jitter: 10m}}
        recommendation:
          scope:
            initialLookback: 24h
            namespaceSpec: {recStatus: Enabled, selector: "all()"}
        """

    public static func plan(shard: Shard? = nil) throws -> SweepPlan {
        let grid = try SweepGrid(
            intervals: [.seconds(150), .minutes(5)], stabilizations: [.minutes(10), .hours(3)], seeds: [1, 2, 3])
        return SweepPlan(
            scenario: try Scenario.parse(tiny, file: "tiny.yaml"), grid: grid, options: RunOptions(), shard: shard)
    }

    /// Every row of a database, ignoring run ids and the shard label.
    public static func rows(_ path: String) throws -> [String] {
        let store = try ResultStore(path: path, mode: .readOnly)
        var out: [String] = []
        for run in try store.runs() {
            out.append(
                "run \(run.info.scenario) \(run.info.seed) \(run.info.settingsJSON) \(run.info.sweepID ?? "-") \(run.status) \(run.fingerprint ?? "-")"
            )
            out += try store.recommendations(run: run.id).map { "rec \($0)" }
            out += try store.outcomes(run: run.id).map { "out \($0)" }
            out += try store.metrics(run: run.id).map { "met \($0)" }
            out += try store.classVerdicts(run: run.id).map { "cls \($0)" }
        }
        return out
    }
}
