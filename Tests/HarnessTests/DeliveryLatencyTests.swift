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
    static func scenario(interval: String, latency: String, loss: Double = 0) throws -> Scenario {
        try LateClassScenario.make(
            interval: interval, flowLogs: ", ingestionLatency: \"\(latency)\", loss: \(loss)", duration: "6h")
    }

    /// Ports of the final egress rules of `cli`'s recommendation.
    func learnedPorts(
        interval: String, latency: String, loss: Double = 0
    ) throws -> (
        ports: [Int], settings: RunSettings, fingerprint: String
    ) {
        let s = try Self.scenario(interval: interval, latency: latency, loss: loss)
        let store = try ResultStore(path: ":memory:")
        let result = try ScenarioRunner(scenario: s).run(store: store)
        let settings = try #require(try store.run(result.runID!)).info.settings
        let policy = result.recommendations.first { $0.namespace == "cli" }
        let ports = (policy?.spec.egress ?? []).flatMap { $0.destination?.ports ?? [] }.map { Int($0.minPort) }
        return (ports.sorted(), settings, result.fingerprint)
    }

    @Test func aShortIntervalMissesLateClassesBehindASlowPipeline() throws {
        // Interval 30s: lookback 60s after the first recommendation, logs searchable 2m after their flush.
        let short = try learnedPorts(interval: "30s", latency: "2m")
        #expect(short.ports == [8080], "the late class is never returned by a 60s lookback")
        #expect(short.settings.flowLogs.ingestionLatency == .fixed(.minutes(2)))
        #expect(short.settings.canonicalJSON.contains(#""ingestionLatency":"2m0s""#))
        // Interval 5m: lookback 10m covers the 2m delay.
        #expect(try learnedPorts(interval: "5m", latency: "2m").ports == [8080, 9090])
        // Without delay even 30s learns it.
        let immediate = try learnedPorts(interval: "30s", latency: "0s")
        #expect(immediate.ports == [8080, 9090])
        #expect(!immediate.settings.canonicalJSON.contains("ingestionLatency"), "stored only when set")
    }

    /// Drawn latencies come from the run's own stream: the same seed gives the same run; a latency that always
    /// stays within the lookback loses nothing.
    @Test func drawnLatenciesAreDeterministicAndStored() throws {
        let a = try learnedPorts(interval: "30s", latency: "uniform:0s..30s")
        let b = try learnedPorts(interval: "30s", latency: "uniform:0s..30s")
        #expect(a.ports == [8080, 9090] && a.fingerprint == b.fingerprint)
        #expect(a.settings.canonicalJSON.contains(#""ingestionLatency":"uniform:0s..30s""#))
        let exponential = try learnedPorts(interval: "30s", latency: "exponential:10m")
        #expect(exponential.settings.flowLogs.ingestionLatency == .exponential(mean: .minutes(10)))
        #expect(throws: IngestionLatencyError.self) { try IngestionLatency(parsing: "uniform:3m..30s") }
        #expect(throws: IngestionLatencyError.self) { try IngestionLatency(parsing: "normal:1m") }
    }

    /// Lost flow logs never reach the engine.
    @Test func lostFlowLogsAreNeverLearned() throws {
        let all = try learnedPorts(interval: "5m", latency: "0s", loss: 1)
        #expect(all.ports.isEmpty, "nothing is ever searchable")
        #expect(all.settings.canonicalJSON.contains(#""loss":"1.0""#))
        let half = try learnedPorts(interval: "5m", latency: "0s", loss: 0.5)
        #expect(half.ports == [8080, 9090], "steady classes still show up")
        #expect(half.fingerprint != (try learnedPorts(interval: "5m", latency: "0s").fingerprint))
    }
}
