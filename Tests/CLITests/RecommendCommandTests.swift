import Foundation
import ResultStore
import Scenario
import TestSupport
import Testing
import TrafficGeneration

@testable import Harness

/// `recsim recommend` writes kubectl-apply-able YAML (valid against Calico's CRDs), from a scenario at a
/// virtual time or from recorded flow logs (replay).
@Suite struct RecommendCommandTests {

    @Test func scenarioModeWritesValidManifestsAsOfAVirtualTime() throws {
        let dir = try TemporaryFolder.make("recommend")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("policies").path
        let (status, stdout, stderr) = try ProcessRunner.recsim([
            "recommend", PackagePaths.scenario("rare-traffic"), "--at", "6h", "--engine-start", "0s", "--out", out,
        ])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.hasPrefix("seed: 7\n"))
        #expect(stdout.contains("as of 2026-01-05T06:00:00Z"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(files.first == "00-tier-namespace-isolation.yaml")
        #expect(files.contains("shop.stagednetworkpolicy.yaml"))
        for f in files {
            let kind =
                f.hasPrefix("00-tier")
                ? "Tier" : f.hasSuffix(".stagednetworkpolicy.yaml") ? "StagedNetworkPolicy" : "NetworkPolicy"
            let (v, output) = try CRDValidator.validate(
                kind: kind, file: (out as NSString).appendingPathComponent(f))
            #expect(v == 0, "\(f): \(output)")
        }
        let shop = try String(
            contentsOfFile: (out as NSString).appendingPathComponent("shop.stagednetworkpolicy.yaml"), encoding: .utf8)
        #expect(shop.contains("namespace: shop"))
        #expect(shop.contains("selector: projectcalico.org/namespace == 'shop'"))
    }

    @Test func replayModeLearnsFromRecordedFlowLogs() throws {
        let dir = try TemporaryFolder.make("replay")
        defer { try? FileManager.default.removeItem(at: dir) }
        let flows = dir.appendingPathComponent("flows.jsonl").path
        var (status, _, stderr) = try ProcessRunner.recsim([
            "generate", PackagePaths.scenario("rare-traffic"), "--days", "0.5", "--out", flows,
        ])
        #expect(status == 0, "\(stderr)")
        let inventory = dir.appendingPathComponent("cluster.yaml").path
        try """
        apiVersion: v1
        kind: List
        items:
        - {apiVersion: v1, kind: Namespace, metadata: {name: shop}}
        - {apiVersion: v1, kind: Namespace, metadata: {name: billing}}
        """.write(toFile: inventory, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        var stdout = ""
        (status, stdout, stderr) = try ProcessRunner.recsim([
            "recommend", "--flows", flows, "--cluster", inventory, "--out", out,
        ])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("2 recommendations"))
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        #expect(
            files == [
                "00-tier-namespace-isolation.yaml", "billing.stagednetworkpolicy.yaml", "shop.stagednetworkpolicy.yaml",
            ])
        // A malformed line is reported with its number, and nothing is written.
        try (try String(contentsOfFile: flows, encoding: .utf8) + "{not json\n").write(
            toFile: flows, atomically: true, encoding: .utf8)
        let out2 = dir.appendingPathComponent("out2").path
        (status, _, stderr) = try ProcessRunner.recsim([
            "recommend", "--flows", flows, "--cluster", inventory, "--out", out2,
        ])
        #expect(status != 0)
        #expect(stderr.contains("flows.jsonl:"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: out2))
    }
}

/// Raw flow logs reach the database only with `--store-flows`.
@Suite struct StoreFlowsTests {
    @Test func flowLinesAreStoredOnlyOnRequest() throws {
        let dir = try TemporaryFolder.make("store-flows")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(path: PackagePaths.scenario("rare-traffic"))
        for keep in [false, true] {
            var options = RunOptions()
            options.duration = .hours(3)
            options.engineStart = .zero  // cold start: the engine runs within the 3 hours
            options.storeFlows = keep
            let store = try ResultStore(path: dir.appendingPathComponent("\(keep).sqlite").path)
            let r = try ScenarioRunner(scenario: scenario, options: options).run(store: store)
            let rows = try store.flowLogs(run: r.runID!)
            #expect(rows.count == (keep ? r.flowLogRecords : 0))
            if keep { #expect(rows.first?.line.hasPrefix("{\"start_time\":") == true) }
        }
    }
}
