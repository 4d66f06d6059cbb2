import Harness
import RecommendationEngine
import ResultStore
import Scenario
import Simulation
import Testing
import TrafficGeneration

/// A run's settings are typed (`RunSettings`) and stored in one canonical form (a flat object of strings, sorted
/// keys, durations as Go's `time.Duration` text), so a run's and a sweep's rows of the same setting join on
/// `settings`, and what is stored is what the engine ran with after its own validation.
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

    /// The settings of every bundled scenario are stored byte for byte as recsim stored them before the type
    /// existed (the flat form below), so existing files, sweeps and merges keep their identities. The warm start
    /// (issue 15) added `engineStart` to online-boutique's, stored only when not zero; with `--engine-start 0s`
    /// the text is the old one.
    @Test func bundledScenariosStoreTheirSettingsAsBefore() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        let scope = try #require(scenario.recommendation.scope)
        let json = ScenarioRunner(scenario: scenario).settings(for: scope).canonicalJSON
        #expect(
            json
                == #"{"aggregation":"2","defaults":"engine","duration":"30d","engineStart":"1d","flushInterval":"5m0s","initialLookback":"24h0m0s","interval":"2m30s","intraNamespacePassThroughTraffic":"false","recStatus":"Enabled","selector":"!(projectcalico.org/name starts with 'kube-')","stabilizationPeriod":"10m0s"}"#
        )
        var cold = RunOptions()
        cold.engineStart = .zero
        #expect(
            ScenarioRunner(scenario: scenario, options: cold).settings(for: scope).canonicalJSON
                == #"{"aggregation":"2","defaults":"engine","duration":"30d","flushInterval":"5m0s","initialLookback":"24h0m0s","interval":"2m30s","intraNamespacePassThroughTraffic":"false","recStatus":"Enabled","selector":"!(projectcalico.org/name starts with 'kube-')","stabilizationPeriod":"10m0s"}"#
        )
    }

    /// A scope value the engine rejects is not stored as if it ran: the engine kept its defaults profile's value
    /// (stored as an empty string, as for a value the scope leaves out), and the warning is stored with it (SPEC §1.5).
    @Test func rejectedScopeValueIsStoredAsWhatRan() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("rare-traffic"))
        var scope = try #require(scenario.recommendation.scope)
        scope.spec.stabilizationPeriod = "1m"  // shorter than the 150 s interval
        scope.spec.initialLookback = "soon"  // not a duration
        scope.spec.namespaceSpec?.selector = "app ==="  // does not parse
        let run = ScenarioRunner(scenario: scenario).settings(for: scope)
        #expect(run.engine.stabilizationPeriod == nil, "the engine keeps its default")
        #expect(run.engine.initialLookback == nil)
        #expect(run.engine.interval == .seconds(150))
        #expect(run.engine.selector == EngineSettings.defaultSelectorText)
        #expect(run.warnings.count == 3)
        #expect(run.warnings.contains { $0.hasPrefix("stabilizationPeriod \"1m\"") })
        #expect(run.warnings.contains { $0.hasPrefix("initialLookback \"soon\"") })
        #expect(run.canonicalJSON.contains(#""stabilizationPeriod":"""#))
        #expect(run.canonicalJSON.contains(#""warnings":["#))
        let back = try RunSettings.decode(json: run.canonicalJSON)
        #expect(back == run)
    }

    /// Stored settings read back as the same value, and equal settings are the same bytes.
    @Test func settingsRoundTripThroughTheirStoredForm() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        let scope = try #require(scenario.recommendation.scope)
        var run = ScenarioRunner(scenario: scenario).settings(for: scope)
        run.assumptions.maxRules = .contractDomains
        run.assumptions.queryFallback = .allUnprotected
        run.assumptions.domainTerms = .unlimited
        run.capacity = RunSettings.CapacityPoint(study: "capacity-0123456789ab", namespaces: 40, flowsPerSecond: nil)
        let back = try RunSettings.decode(json: run.canonicalJSON)
        #expect(back == run)
        #expect(back.canonicalJSON == run.canonicalJSON)
        #expect(run.canonicalJSON.contains(#""specIntended.maxRules":"true""#))
        #expect(run.canonicalJSON.contains(#""capacity.flowsPerSecond":"""#))
        #expect(!run.canonicalJSON.contains("specIntended.policiesLearningCutOff"), "only options that are on")
        #expect(run.canonicalJSON.contains(#""assume.query-fallback":"all-unprotected""#))
        #expect(run.canonicalJSON.contains(#""assume.domain-terms":"unlimited""#))
        #expect(!run.canonicalJSON.contains("assume.portless-flows"), "only assumptions off their default")
        #expect(!run.canonicalJSON.contains("assume.max-rules"), "stored under its older key")
    }

    /// A stored assumption key that names no assumption, or a value it does not have, is an error.
    @Test func unknownStoredAssumptionsAreRejected() throws {
        let scenario = try Scenario.load(path: HarnessTestSupport.scenario("online-boutique"))
        let good = ScenarioRunner(scenario: scenario).settings(for: try #require(scenario.recommendation.scope))
            .canonicalJSON
        let unknown = good.replacingOccurrences(of: #""aggregation""#, with: #""assume.made-up":"x","aggregation""#)
        #expect(throws: SettingsDecodeError.self) { try RunSettings.decode(json: unknown) }
        let badValue = good.replacingOccurrences(
            of: #""aggregation""#, with: #""assume.query-fallback":"sometimes","aggregation""#)
        #expect(throws: SettingsDecodeError.self) { try RunSettings.decode(json: badValue) }
        let legacy = good.replacingOccurrences(
            of: #""aggregation""#, with: #""assume.defaults":"docs","aggregation""#)
        #expect(throws: SettingsDecodeError.self) { try RunSettings.decode(json: legacy) }
    }

    /// Text that is not a run's settings is an error, never a guess.
    @Test func unreadableSettingsAreRejected() {
        #expect(throws: SettingsDecodeError.self) { try RunSettings.decode(json: #"{"stabilization":"1h"}"#) }
        #expect(throws: SettingsDecodeError.self) {
            try RunSettings.decode(
                json:
                    #"{"aggregation":"2","defaults":"engine","duration":"2d","flushInterval":"5m0s","initialLookback":"24h0m0s","interval":"soon","intraNamespacePassThroughTraffic":"false","recStatus":"Enabled","selector":"","stabilizationPeriod":"10m0s"}"#
            )
        }
    }
}
