import Harness
import ResultStore
import Scenario
import Simulation
import Testing
import TrafficGeneration

/// A run's settings are typed (`RunSettings`) and stored in one canonical form (durations as Go's `time.Duration`
/// text, sorted keys), so a run's and a sweep's rows of the same setting join on `settings`, and what is stored
/// is what the engine ran with after its own validation.
@Suite struct SettingsCanonicalTests {
    @Test func runAndSweepStoreTheSameSettingsText() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        let scope = try #require(scenario.recommendation.scope)
        #expect(scope.spec.interval == "150s", "the scenario writes the interval as 150s")
        let run = ScenarioRunner(scenario: scenario).settings(for: scope)
        #expect(run.engine.interval == .seconds(150))
        #expect(run.engine.stabilizationPeriod == .minutes(10))
        #expect(run.engine.initialLookback == .hours(24))
        #expect(run.warnings.isEmpty)
        for text in [#""interval":"2m30s""#, #""stabilizationPeriod":"10m0s""#, #""initialLookback":"24h0m0s""#] {
            #expect(run.canonicalJSON.contains(text), "\(text): \(run.canonicalJSON)")
        }
        let grid = try SweepGrid(
            intervals: [SimDuration(seconds: 150)], stabilizations: [SimDuration(seconds: 600)], seeds: [1])
        let plan = SweepPlan(scenario: scenario, grid: grid, options: RunOptions())
        let task = try #require(plan.tasks.first)
        #expect(task.settingsJSON == run.canonicalJSON)
    }

    /// A scope value the engine rejects is stored as what the engine kept, with its warning (SPEC §1.5).
    @Test func rejectedScopeValueIsStoredAsWhatRan() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        var scope = try #require(scenario.recommendation.scope)
        scope.spec.stabilizationPeriod = "1m"  // shorter than the 150 s interval
        scope.spec.initialLookback = "soon"  // not a duration
        let run = ScenarioRunner(scenario: scenario).settings(for: scope)
        #expect(run.engine.stabilizationPeriod == .minutes(5), "the engine keeps its default")
        #expect(run.engine.initialLookback == .hours(24))
        #expect(run.warnings.count == 2)
        #expect(run.warnings.contains { $0.hasPrefix("stabilizationPeriod \"1m\"") })
        #expect(run.warnings.contains { $0.hasPrefix("initialLookback \"soon\"") })
        #expect(run.entries.contains { $0.name == "warning" && $0.value.contains("1m") })
    }

    /// Stored settings read back as the same value, and equal settings are the same bytes.
    @Test func settingsRoundTripThroughTheirStoredForm() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        let scope = try #require(scenario.recommendation.scope)
        var run = ScenarioRunner(scenario: scenario).settings(for: scope)
        run.capacity = RunSettings.CapacityPoint(study: "capacity-0123456789ab", namespaces: 40, flowsPerSecond: nil)
        let back = try RunSettings.decode(json: run.canonicalJSON)
        #expect(back == run)
        #expect(back.canonicalJSON == run.canonicalJSON)
        #expect(!run.canonicalJSON.contains("\\/"), "slashes are not escaped")
    }

    /// Settings stored by recsim 0.13 (a flat object of strings) read as typed settings.
    @Test func legacyFlatSettingsAreRead() throws {
        let flat =
            #"{"aggregation":"1","defaults":"docs","duration":"14d","flushInterval":"5m0s","initialLookback":"24h0m0s","interval":"2m30s","intraNamespacePassThroughTraffic":"false","recStatus":"Enabled","selector":"","stabilizationPeriod":"10m0s","specIntended.maxRules":"true"}"#
        let s = try RunSettings.decode(json: flat)
        #expect(s.engine.interval == .seconds(150) && s.engine.stabilizationPeriod == .minutes(10))
        #expect(s.duration == .days(14) && s.options.defaults == .docs && s.options.specIntendedMaxRules)
        #expect(s.engine.recStatus == .enabled && !s.engine.intraNamespacePassThroughTraffic)
        #expect(s.warnings.count == 1 && s.warnings[0].contains("0.13"))
        #expect(throws: SettingsDecodeError.self) { try RunSettings.decode(json: #"{"stabilization":"1h"}"#) }
    }
}
