import Foundation
import Harness
import Reporting
import ResultStore
import Scenario
import Simulation
import Testing

/// The rest of the delivery model (issue 17): per-node flush phases, the store's retention, and the metrics that
/// say what delivery cost (flows the steady query never saw, time to learn).
@Suite struct DeliveryModelTests {
    func run(_ s: Scenario, storeFlows: Bool = false) throws -> (result: RunResult, store: ResultStore) {
        let store = try ResultStore(path: ":memory:")
        let result = try ScenarioRunner(scenario: s, options: RunOptions(storeFlows: storeFlows)).run(store: store)
        return (result, store)
    }

    /// Ports of `cli`'s final egress rules.
    func learnedPorts(_ r: RunResult) -> [Int] {
        let policy = r.recommendations.first { $0.namespace == "cli" }
        return (policy?.spec.egress ?? []).flatMap { $0.destination?.ports ?? [] }.map { Int($0.minPort) }.sorted()
    }

    @Test func spreadPhasesMoveEachNodesFlushes() throws {
        let s = try LateClassScenario.make(flowLogs: ", flushPhase: spread")
        let (result, store) = try run(s, storeFlows: true)
        let ends = try store.flowLogs(run: result.runID!).compactMap { row -> Int64? in
            guard let r = row.line.range(of: #""end_time":"#) else { return nil }
            return Int64(row.line[r.upperBound...].prefix { $0.isNumber })
        }
        // Two nodes, 5m flushes: node-1 on the aligned instants, node-2 150s later.
        #expect(Set(ends.map { $0 % 300 }) == [0, 150])
        #expect(learnedPorts(result) == [8080, 9090])
        let settings = try #require(try store.run(result.runID!)).info.settings
        #expect(settings.flowLogs.flushPhase == .spread && settings.canonicalJSON.contains(#""flushPhase":"spread""#))
        let aligned = try run(try LateClassScenario.make()).result
        #expect(aligned.fingerprint != result.fingerprint)
        // Random phases are drawn per node from the seed: the same run twice is the same.
        let random = try LateClassScenario.make(flowLogs: ", flushPhase: random")
        #expect(try run(random).result.fingerprint == (try run(random).result.fingerprint))
    }

    @Test func lateAndLostFlowsAreCountedByRarity() throws {
        // Interval 30s looks back 60s; logs searchable 2m after their flush are all late.
        let short = try run(try LateClassScenario.make(interval: "30s", flowLogs: ", ingestionLatency: 2m")).result
        #expect(learnedPorts(short) == [8080], "the late class is never learned")
        #expect((short.metric("deliveryLateFlows.steady") ?? 0) > 0)
        #expect(short.metric("deliveryLostFlows.steady") == 0)
        #expect((short.metric("unlearnedClasses.steady") ?? 0) >= 1)
        #expect((short.metric("deliveryFalseDenyAtStable.steady") ?? 0) > 0, "the late class is denied at Stable")
        // Interval 5m looks back 10m: nothing is late.
        let long = try run(try LateClassScenario.make(flowLogs: ", ingestionLatency: 2m")).result
        #expect(learnedPorts(long) == [8080, 9090])
        #expect(long.metric("deliveryLateFlows.steady") == 0)
        #expect(long.metric("deliveryFalseDenyAtStable.steady") == 0, "nothing was late, nothing is blamed on delivery")
        #expect((long.metric("timeToLearn.max.steady") ?? 0) > 0)
        let lossy = try run(try LateClassScenario.make(flowLogs: ", loss: 0.5")).result
        #expect((lossy.metric("deliveryLostFlows.steady") ?? 0) > 0)
        // Without a delivery model the metrics are not reported (fingerprints stay as they were).
        #expect(try run(try LateClassScenario.make()).result.metric("deliveryLateFlows.steady") == nil)
    }

    /// Records older than the store's retention are gone from every query: a warm start's initial lookback of
    /// 24h finds only what the store still keeps.
    @Test func retentionBoundsTheInitialLookback() throws {
        func scenario(_ flowLogs: String) throws -> Scenario {
            try Scenario.parse(
                """
                name: retention
                duration: 6h
                flowLogs: {flushInterval: 5m\(flowLogs)}
                cluster:
                  nodes: 1
                  namespaces: [cli, svc]
                  workloads:
                    - {name: client, namespace: cli}
                    - {name: server, namespace: svc, ports: [{name: a, port: 8080}, {name: b, port: 9090}]}
                traffic:
                  - {id: early, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 120}}
                  - {id: always, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, steady: {rate: 120}}
                events:
                  - {at: 1h, patternStops: early}
                recommendation:
                  engineStart: 3h
                  scope:
                    interval: 5m
                    initialLookback: 24h
                    stabilizationPeriod: 1h
                    namespaceSpec: {recStatus: Enabled, selector: "all()"}
                """, file: "retention.yaml")
        }
        #expect(learnedPorts(try run(try scenario("")).result) == [8080, 9090])
        let (result, store) = try run(try scenario(", retention: 1h"))
        #expect(learnedPorts(result) == [9090], "the early class left the store before the engine started")
        #expect(try #require(try store.run(result.runID!)).info.settings.flowLogs.retention == .hours(1))
    }

    /// The run report shows the delivery model, the per-rarity delivery figures and the fault log.
    @Test func theRunReportShowsDeliveryAndFaults() throws {
        let s = try LateClassScenario.make(
            faults: "faults: {events: [{at: 3h, fault: engineRestart, downtime: 2m}, {at: 4h, fault: missedTick}]}",
            flowLogs: ", ingestionLatency: 2m")
        let (result, store) = try run(s)
        let md = RunReport(try RunReporter.data(store: store, runID: result.runID!)).markdown()
        #expect(md.contains("| Delivery | flush every 5m, ingestion latency 2m0s |"))
        #expect(md.contains("| Engine faults | events: engineRestart@3h downtime 2m, missedTick@4h |"))
        #expect(md.contains("| steady |"))
        #expect(md.contains("2 faults (also in the database's faults view)."))
        #expect(md.contains("| 3h | engineRestart |  | scripted, down for 2m |"))
        let plain = try run(try LateClassScenario.make())
        let plainMD = RunReport(try RunReporter.data(store: plain.store, runID: plain.result.runID!)).markdown()
        #expect(plainMD.contains("| Delivery | immediate (searchable at each 5m flush) |"))
        #expect(!plainMD.contains("| steady | 0 |"), "no delivery figures without a delivery model")
    }
}
