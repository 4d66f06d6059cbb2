import Harness
import Simulation
import Testing
import TrafficGeneration

/// Durations are stored in one canonical form (Go's `time.Duration` text), so a run's and a sweep's rows of the
/// same setting join on `settings`.
@Suite struct SettingsCanonicalTests {
    @Test func runAndSweepStoreTheSameSettingsText() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        let scope = try #require(scenario.recommendation.scope)
        #expect(scope.spec.interval == "150s", "the scenario writes the interval as 150s")
        let run = ScenarioRunner(scenario: scenario).settings(for: scope)
        #expect(run["interval"] == "2m30s")
        #expect(run["stabilizationPeriod"] == "10m0s")
        #expect(run["initialLookback"] == "24h0m0s")
        let grid = try SweepGrid(
            intervals: [SimDuration(seconds: 150)], stabilizations: [SimDuration(seconds: 600)], seeds: [1])
        let plan = SweepPlan(scenario: scenario, grid: grid, options: RunOptions())
        let task = try #require(plan.tasks.first)
        for key in ["interval", "stabilizationPeriod", "initialLookback"] {
            #expect(task.settingsJSON.contains("\"\(key)\":\"\(run[key]!)\""), "\(key): \(task.settingsJSON)")
        }
    }
}
