import Foundation
import Harness
import RecommendationEngine
import ResultStore
import Scenario
import Simulation
import Testing

/// The delivery model's ingestion latency (issue 17): the engine's query sees a flow log only once it is
/// searchable, `ingestionLatency` after its flush. After the first recommendation the engine looks back only
/// 2 × interval (SPEC §2.2), so a short interval can miss every flush.
@Suite struct DeliveryLatencyTests {
    static func scenario(interval: String, latency: String) throws -> Scenario {
        try Scenario.parse(
            """
            name: delivery
            duration: 6h
            flowLogs: {flushInterval: 5m, ingestionLatency: \(latency)}
            cluster:
              nodes: 1
              namespaces: [cli, svc]
              workloads:
                - {name: client, namespace: cli}
                - {name: server, namespace: svc, ports: [{name: a, port: 8080}, {name: b, port: 9090}]}
            traffic:
              - {id: first, from: {workload: cli/client}, to: {workload: svc/server}, port: 8080, steady: {rate: 120}}
              - {id: late, from: {workload: cli/client}, to: {workload: svc/server}, port: 9090, steady: {rate: 120}}
            events:
              - {at: 2h, patternStarts: late}
            recommendation:
              scope:
                interval: \(interval)
                initialLookback: 24h
                stabilizationPeriod: 1h
                namespaceSpec: {recStatus: Enabled, selector: "all()"}
            """, file: "delivery.yaml")
    }

    /// Ports of the final egress rules of `cli`'s recommendation.
    func learnedPorts(interval: String, latency: String) throws -> (ports: [Int], settings: RunSettings) {
        let s = try Self.scenario(interval: interval, latency: latency)
        let store = try ResultStore(path: ":memory:")
        let result = try ScenarioRunner(scenario: s).run(store: store)
        let policy = try #require(result.recommendations.first { $0.namespace == "cli" })
        let ports = (policy.spec.egress ?? []).flatMap { $0.destination?.ports ?? [] }.map { Int($0.minPort) }
        let settings = try #require(try store.run(result.runID!)).info.settings
        return (ports.sorted(), settings)
    }

    @Test func aShortIntervalMissesLateClassesBehindASlowPipeline() throws {
        // Interval 30s: lookback 60s after the first recommendation, logs searchable 2m after their flush.
        let short = try learnedPorts(interval: "30s", latency: "2m")
        #expect(short.ports == [8080], "the late class is never returned by a 60s lookback")
        #expect(short.settings.flowLogs.ingestionLatency == .minutes(2))
        #expect(short.settings.canonicalJSON.contains(#""ingestionLatency":"2m0s""#))
        // Interval 5m: lookback 10m covers the 2m delay.
        #expect(try learnedPorts(interval: "5m", latency: "2m").ports == [8080, 9090])
        // Without delay even 30s learns it.
        let immediate = try learnedPorts(interval: "30s", latency: "0s")
        #expect(immediate.ports == [8080, 9090])
        #expect(!immediate.settings.canonicalJSON.contains("ingestionLatency"), "stored only when set")
    }
}
