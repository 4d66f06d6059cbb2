import CalicoModel
import Foundation
import Harness
import Scenario
import TestSupport
import Testing
import TrafficGeneration

/// `recsim cluster export` writes the `--cluster` file replay needs, for a scenario's cluster.
@Suite struct ClusterExportTests {
    @Test func exportListsEveryDeclaredObjectAndReadsBack() throws {
        let scenario = try Scenario.load(path: PackagePaths.scenario("online-boutique"))
        let cluster = Cluster(scenario: scenario)
        let yaml = try ClusterExport.yaml(of: cluster)
        let decoded = try ResourceYAML.decode(yaml, file: "cluster.yaml").map(\.resource)
        var namespaces: [String] = [], workloads: [String] = [], services: [String] = [], policies = 0
        for r in decoded {
            switch r {
            case .namespace(let n): namespaces.append(n.name)
            case .workload(let w):
                workloads.append("\(w.metadata.namespace ?? "")/\(w.metadata.name)")
                #expect(w.spec?.selector?.matchLabels == w.spec?.template?.metadata?.labels, "\(w.metadata.name)")
            case .service(let s): services.append("\(s.metadata.namespace ?? "")/\(s.metadata.name)")
            case .policy: policies += 1
            default: break
            }
        }
        #expect(namespaces == cluster.namespaces.map(\.name))
        #expect(workloads == cluster.workloads.map { "\($0.spec.namespace)/\($0.spec.name)" })
        #expect(services == cluster.services.map { "\($0.spec.namespace)/\($0.spec.name)" })
        #expect(policies == cluster.policies.count)
        #expect(!workloads.isEmpty && !services.isEmpty)
        // Same scenario, same bytes (labels and selectors in sorted order).
        #expect(try ClusterExport.yaml(of: Cluster(scenario: scenario)) == yaml)
    }

    /// Generated flow logs replayed against the exported cluster give a recommendation for every namespace
    /// the scenario's traffic touches.
    @Test func exportedClusterDrivesReplay() throws {
        let dir = try TemporaryFolder.make("cluster-export")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = PackagePaths.scenario("rare-traffic")
        let flows = dir.appendingPathComponent("flows.jsonl").path
        let clusterFile = dir.appendingPathComponent("cluster.yaml").path
        var (status, stdout, stderr) = try ProcessRunner.recsim([
            "generate", scenario, "--days", "0.5", "--out", flows,
        ])
        #expect(status == 0, "\(stderr)")
        (status, stdout, stderr) = try ProcessRunner.recsim([
            "cluster", "export", scenario, "--out", clusterFile,
        ])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("wrote \(clusterFile)"))
        let out = dir.appendingPathComponent("out").path
        (status, stdout, stderr) = try ProcessRunner.recsim([
            "recommend", "--flows", flows, "--cluster", clusterFile, "--out", out,
        ])
        #expect(status == 0, "\(stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let expected = Cluster(scenario: try Scenario.load(path: scenario)).namespaces.map {
            "\($0.name).stagednetworkpolicy.yaml"
        }
        for f in expected { #expect(files.contains(f), "\(files)") }
    }

    @Test func versionFlagPrintsTheVersion() throws {
        let (status, stdout, _) = try ProcessRunner.recsim(["--version"])
        #expect(status == 0)
        #expect(stdout.split(separator: ".").count == 3, "\(stdout)")
    }
}
