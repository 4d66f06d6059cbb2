import Foundation
import Harness
import RecommendationEngine
import ResultStore
import Scenario
import Simulation
import Testing

/// `recommendation.engineStart`: traffic runs before the engine is enabled, so the first query sees history.
@Suite struct WarmStartTests {
    func run(
        _ scenario: Scenario, engineStart: SimDuration?, duration: SimDuration, in dir: URL, _ name: String
    )
        throws -> (ResultStore, RunResult)
    {
        var options = RunOptions()
        options.duration = duration
        options.engineStart = engineStart
        let store = try ResultStore(path: dir.appendingPathComponent("\(name).sqlite").path)
        return (store, try ScenarioRunner(scenario: scenario, options: options).run(store: store))
    }

    @Test func theFirstRecommendationSeesAFullInitialLookbackOfHistory() throws {
        let dir = try HarnessTestSupport.temporaryDirectory("warm-start")
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        #expect(scenario.recommendation.engineStart == .days(1))
        let (warmStore, warm) = try run(scenario, engineStart: nil, duration: .hours(30), in: dir, "warm")
        let (coldStore, cold) = try run(scenario, engineStart: .zero, duration: .hours(6), in: dir, "cold")
        let enabled = scenario.start + .days(1)
        let warmVersions = try warmStore.recommendations(run: try #require(warm.runID))
        let coldVersions = try coldStore.recommendations(run: try #require(cold.runID))
        // Nothing happens before the engine is enabled; the first tick comes one interval (150s) later.
        #expect(warmVersions.allSatisfy { $0.time > enabled })
        #expect(warmVersions.first?.time == enabled + .seconds(150))
        // From a cold start the first tick with data is the one after the first flush (5m): a single flush.
        #expect(coldVersions.first?.time == scenario.start + .seconds(300))
        // The first version of shop holds more than a single flush can show: the day's hourly and daily calls.
        func firstRules(_ rows: [RecommendationRow]) -> Int {
            rows.first { $0.namespace == "shop" }.map { $0.egressRules + $0.ingressRules } ?? 0
        }
        #expect(firstRules(warmVersions) > firstRules(coldVersions))
        // Times count from the engine's start; warm-up traffic is not scored.
        let shopFirstRule = try #require(
            warm.metrics.first { $0.namespace == "shop" && $0.name == "timeToFirstRule" })
        #expect(shopFirstRule.value == 150)
        let outcomes = try warmStore.outcomes(run: warm.runID!)
        #expect(!outcomes.isEmpty && outcomes.allSatisfy { $0.bucketStart >= enabled })
        #expect(try warmStore.run(warm.runID!)?.info.settings.engineStart == .days(1))
        #expect(try coldStore.run(cold.runID!)?.info.settings.engineStart == .zero)
    }

    @Test func aRunThatEndsBeforeTheEngineStartsIsAnError() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        var options = RunOptions()
        options.duration = .days(1)
        #expect(throws: RunError.self) { try ScenarioRunner(scenario: scenario, options: options).run() }
    }
}
