import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// True once the real selector parser (branch `selector`) replaced the stub that accepts everything.
let selectorParserAvailable = (try? Selector("a == ")) == nil

@Suite struct EngineSettingsTests {
    @Test func nilFieldsUseTheEngineFallbacksByDefault() {
        let s = EngineSettings(scope: scope(interval: nil, lookback: nil, stabilization: nil))
        #expect(s.interval == .minutes(10))
        #expect(s.initialLookback == .hours(24))
        #expect(s.stabilizationPeriod == .minutes(5))
        #expect(s.isEnabled)
    }

    @Test func docsProfileGivesTheDocumentedDefaults() {
        let s = EngineSettings(scope: scope(interval: nil, lookback: nil, stabilization: nil), defaults: .docs)
        #expect(s.interval == .seconds(150))
        #expect(s.initialLookback == .hours(24))
        #expect(s.stabilizationPeriod == .minutes(10))
    }

    @Test func goDurationsAreParsed() {
        let s = EngineSettings(scope: scope(interval: "2m30s", lookback: "36h", stabilization: "1h0m0s"))
        #expect(s.interval == .seconds(150))
        #expect(s.initialLookback == .hours(36))
        #expect(s.stabilizationPeriod == .hours(1))
    }

    @Test func intervalBelowThirtySecondsIsRejected() {
        var s = EngineSettings()
        let w = s.apply(scope(interval: "20s", stabilization: nil))
        #expect(s.interval == .minutes(10))
        #expect(
            w == [
                SettingsWarning(
                    field: .interval, value: "20s",
                    message: "the interval must be at least 30s; keeping 10m0s")
            ])
        #expect(s.apply(scope(interval: "30s", stabilization: nil)).isEmpty)
        #expect(s.interval == .seconds(30))
    }

    @Test func lookbackAndStabilizationAreCheckedAgainstTheIntervalJustSet() {
        var s = EngineSettings()
        let w = s.apply(scope(interval: "1h", lookback: "30m", stabilization: "45m"))
        #expect(s.interval == .hours(1))
        #expect(s.initialLookback == .hours(24))
        #expect(s.stabilizationPeriod == .minutes(5))
        #expect(w.map(\.field) == [.initialLookback, .stabilizationPeriod])
        #expect(
            w[0].description
                == "initialLookback \"30m\": the initial lookback must be at least the interval 1h0m0s; keeping 24h0m0s"
        )
        // Equal to the interval is accepted.
        #expect(s.apply(scope(interval: "1h", lookback: "1h", stabilization: "1h")).isEmpty)
        #expect(s.initialLookback == .hours(1) && s.stabilizationPeriod == .hours(1))
    }

    @Test func absentFieldsKeepTheCurrentValue() {
        var s = EngineSettings()
        s.apply(scope(interval: "5m", stabilization: "20m"))
        s.apply(scope(interval: nil, stabilization: nil))
        #expect(s.interval == .minutes(5))
        #expect(s.stabilizationPeriod == .minutes(20))
    }

    @Test func unparseableDurationIsAWarning() {
        var s = EngineSettings()
        let w = s.apply(scope(interval: "soon", stabilization: nil))
        #expect(w.count == 1 && w[0].field == .interval && w[0].value == "soon")
        #expect(s.interval == .minutes(10))
    }

    @Test func namespaceSpecFieldsAreRecorded() {
        var sc = scope(pass: true, uid: "1234")
        sc.spec.namespaceSpec?.tierName = "my-tier"
        sc.spec.maxRules = 7
        let s = EngineSettings(scope: sc)
        #expect(s.intraNamespacePassThroughTraffic)
        #expect(s.tierName == "my-tier")
        #expect(s.scopeUID == "1234")
        #expect(s.maxRules == 7)
        #expect(!EngineSettings(scope: scope(enabled: false)).isEnabled)
        var noSpec = scope()
        noSpec.spec.namespaceSpec = nil
        #expect(!EngineSettings(scope: noSpec).isEnabled)
    }

    @Test(.enabled(if: selectorParserAvailable)) func unparseableSelectorFallsBackToDefaultSelector() throws {
        var s = EngineSettings()
        let w = s.apply(scope(selector: "projectcalico.org/name == "))
        #expect(w.map(\.field) == [.selector])
        #expect(s.namespaceSelector == (try Selector(EngineSettings.defaultSelectorText)))
        #expect(!s.selects(namespace: "kube-system"))
        #expect(s.selects(namespace: "shop"))
    }

    @Test(.enabled(if: selectorParserAvailable)) func selectorSeesOnlyTheNamePseudoLabel() {
        let s = EngineSettings(scope: scope(selector: "!(kubernetes.io/metadata.name starts with 'kube-')"))
        // The label is never present, so the negation selects kube-system too (SPEC §1.4 quirk).
        #expect(s.selects(namespace: "kube-system"))
        let t = EngineSettings(scope: scope(selector: "projectcalico.org/name in {'a', 'b'}"))
        #expect(t.selects(namespace: "a") && !t.selects(namespace: "c"))
    }
}

@Suite struct NamingTests {
    @Test func recommendationNameIsTierDotNamespaceDashSuffix() {
        #expect(
            RecommendationNaming.recommendationName(namespace: "ns1", suffix: "abcde")
                == "namespace-isolation.ns1-abcde")
    }

    @Test func longNamespacesAreCutTo63Characters() {
        let ns = "team-with-an-extremely-long-namespace-name-for-testing-limits"
        let name = RecommendationNaming.recommendationName(namespace: ns, suffix: "vfzgh")
        #expect(name == "namespace-isolation.team-with-an-extremely-long-namespace-vfzgh")
        #expect(name.count == 63)
    }

    @Test func lengthLimitedNameHashesNamesOver63() {
        let long = "a-very-long-global-network-set-name-that-exceeds-the-kubernetes-label-limit"
        #expect(
            RecommendationNaming.lengthLimitedName(long)
                == "a-very-long-global-network-set-name-that-exceeds-the-ku-i310dc6")
        let exact = String(repeating: "x", count: 63)
        #expect(RecommendationNaming.lengthLimitedName(exact) == exact)
    }
}
