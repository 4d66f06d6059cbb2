import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation
import Testing

@testable import TrafficGeneration

@Suite struct BundledScenarioTests {
    @Test(arguments: ["online-boutique", "rare-traffic", "churn"])
    func loadsAndSimulatesOneDay(name: String) throws {
        let s = try Scenario.load(path: Fixtures.scenario(name))
        let summary = try FlowLogGeneration.run(s, seed: s.seed, duration: .days(1)) { _ in }
        #expect(summary.windows == 288)
        #expect(summary.records > 1000)
        #expect(summary.connectionsByRarity.contains { $0.0 == .steady })
    }

    /// The large scenario: the whole day is simulated; flow logs are aggregated for its first hours only
    /// (a debug build aggregates ~60k records/s).
    @Test func largeLoadsAndSimulatesOneDay() throws {
        let s = try Scenario.load(path: Fixtures.scenario("large"))
        #expect(s.cluster.namespaces.count == 200 && s.cluster.workloads.count == 2000 && s.traffic.count > 4000)
        let cluster = Cluster(scenario: s)
        let evaluator = Evaluator(try cluster.policySet())
        var sim = TrafficSimulator(scenario: s, cluster: cluster, duration: .days(1))
        var agg = FlowLogAggregator(s.flowLogs)
        var windows = 0, records = 0
        while let w = sim.nextWindow() {
            if windows < 6 { records += agg.flowLogs(w, evaluator: evaluator).count }
            windows += 1
        }
        #expect(windows == 288 && records > 10_000)
    }
}

/// A scenario's inline tiers and policies reach the generated cluster.
@Suite struct ScenarioClusterTests {
    @Test func inlinePoliciesLandInTheCluster() throws {
        let s = try Scenario.load(path: Fixtures.scenario("online-boutique"))
        #expect(s.cluster.tiers.map(\.name) == ["platform"])
        #expect(s.cluster.policies.map(\.name) == ["platform.allow-kube-dns"])
        let c = Cluster(scenario: s)
        let set = try c.policySet(extraTiers: [Tier(name: "namespace-isolation", order: 10_000)])
        #expect(set.tiers.map(\.name) == ["platform", "namespace-isolation"])
        #expect(c.workloads.first { $0.spec.name == "frontend" }?.pods.count == 3)
    }
}
