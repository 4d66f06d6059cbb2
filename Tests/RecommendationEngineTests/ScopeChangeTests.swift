import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

@Suite struct ScopeChangeTests {
    @Test func firstTickIsOneIntervalAfterStart() {
        let e = makeEngine(scope(interval: nil))
        #expect(e.nextTickTime == t0 + .minutes(10))
        #expect(e.nextTick(after: t0 + .minutes(25)) == t0 + .minutes(30))
        #expect(e.nextTick(after: t0) == t0 + .minutes(10))
        #expect(makeEngine(scope(enabled: false)).nextTickTime == nil)
    }

    @Test func intervalChangeRestartsTheTicker() {
        var e = makeEngine(scope(interval: "150s"))
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.nextTickTime == t0 + .seconds(300))
        let u = e.updateScope(scope(interval: "5m"), at: t0 + .seconds(200))
        #expect(u.warnings.isEmpty && u.changes.isEmpty)
        #expect(e.nextTickTime == t0 + .seconds(500))
        // An unchanged interval keeps the ticker's phase; an invalid one is ignored with a warning.
        #expect(e.updateScope(scope(interval: "5m", stabilization: "20m"), at: t0 + .seconds(300)).warnings.isEmpty)
        #expect(e.nextTickTime == t0 + .seconds(500))
        let bad = e.updateScope(scope(interval: "10s"), at: t0 + .seconds(400))
        #expect(bad.warnings.map(\.field) == [.interval])
        #expect(e.nextTickTime == t0 + .seconds(500) && e.tickInterval == .minutes(5))
    }

    @Test func disablingStopsTicksAndLeavesPoliciesReenablingKeepsTheEngine() {
        var e = engineWithRecommendation()
        let before = e.recommendations
        e.updateScope(scope(interval: "5m", enabled: false), at: t0 + .seconds(200))
        #expect(e.nextTickTime == nil && !e.isRunning)
        #expect(e.tick(at: t0 + .seconds(300)).isEmpty)
        #expect(e.recommendations == before)
        #expect(e.tickInterval == .seconds(150))  // scope not applied while stopped
        // Re-enabled: the engine was created once (SPEC §1.6) and receives the scope as an update: an absent
        // field keeps its value; the first tick comes one interval later; the policy is kept.
        let u = e.updateScope(scope(interval: "5m", lookback: "1m", stabilization: nil), at: t0 + .hours(1))
        #expect(u.warnings.map(\.field) == [.initialLookback])
        #expect(e.isRunning && e.nextTickTime == t0 + .hours(1) + .minutes(5))
        #expect(e.settings.stabilizationPeriod == .minutes(10))  // kept, not the engine fallback 5m
        #expect(e.recommendations == before)
    }

    @Test func selectorChangeDeletesRecommendationsOfDeselectedNamespaces() throws {
        var e = makeEngine(scope(selector: ""), namespaces: ["ns1", "shop"])
        e.ingest([
            egress("ns1", to: .net, name: "pub", end: t0 + .seconds(100)),
            egress("shop", to: .net, name: "pub", end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        try e.activate(namespace: "ns1", at: t0 + .seconds(160))
        let ns1 = e.recommendation(for: "ns1")!
        // Selecting only `shop`: ns1's recommendation is deleted even though it is activated.
        let selector = "projectcalico.org/name == 'shop'"
        if selectorParserAvailable {
            let u = e.updateScope(scope(selector: selector), at: t0 + .seconds(200))
            #expect(u.changes == [.deleted(ns1, reason: .namespaceDeselected)])
            #expect(e.selectedNamespaces == ["shop"])
            #expect(e.recommendations.map(\.namespace) == ["shop"])
        }
    }

    @Test func namespacesComeAndGo() {
        var e = makeEngine(namespaces: ["ns1", "ns2"])
        e.ingest([
            egress("ns1", to: .wep, name: "db-*", namespace: "ns2", port: 5432, end: t0 + .seconds(100)),
            ingress("ns2", from: .wep, name: "client-*", namespace: "ns1", port: 5432, end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendations.map(\.namespace) == ["ns1", "ns2"])
        let ns2 = e.recommendation(for: "ns2")!
        #expect(e.removeNamespace("ns2") == [.deleted(ns2, reason: .namespaceRemoved)])
        // SPEC §2.14 quirk 1: ns1's rule to the deleted namespace stays.
        #expect(
            e.recommendation(for: "ns1")?.spec.egress?.first?.destination?.namespaceSelector
                == "projectcalico.org/name == 'ns2'")
        #expect(e.knownNamespaces == ["ns1"] && e.selectedNamespaces == ["ns1"])
        e.addNamespace("ns0")
        #expect(e.selectedNamespaces == ["ns0", "ns1"])
        e.ingest([egress("ns0", to: .net, name: "pub", end: t0 + .seconds(250))])
        #expect(e.tick(at: t0 + .seconds(300)).map(\.namespace) == ["ns0"])
    }

    @Test func scopesNotNamedDefaultAreIgnored() {
        var e = makeEngine()
        var other = scope(interval: "5m")
        other.metadata.name = "other"
        e.updateScope(other, at: t0)
        #expect(e.tickInterval == .seconds(150))
        // Also at start (SPEC §1.1): an enabled scope with another name does not start the engine.
        let notDefault = makeEngine(other)
        #expect(!notDefault.isRunning && notDefault.nextTickTime == nil)
    }

    /// Re-enabling keeps the engine's cache: a policy the datastore rejected stays cached (not reloaded from
    /// the datastore, as a fresh engine's warm-up would).
    @Test func reenablingKeepsTheCache() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, service: "payments", end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendation(for: "ns1") == nil && e.cachedRecommendation(for: "ns1") != nil)
        e.updateScope(scope(enabled: false), at: t0 + .seconds(200))
        e.updateScope(scope(), at: t0 + .seconds(300))
        #expect(e.cachedRecommendation(for: "ns1") != nil)
    }

    /// SPEC §2.4 consequence: once a recommendation exists, uncovered traffic is learned only through the
    /// enforced-trace fallback, which runs only when the pending query is empty.
    @Test func uncoveredTrafficIsLearnedOnlyWhenThePendingQueryIsEmpty() {
        let uncovered = { (end: SimInstant) in
            ingress(
                "ns1", from: .wep, name: "new-*", namespace: "ns3", port: 9000,
                policies: FlowPolicies(enforced: [profileAllow("ns1")], pending: [snpDeny("ns1")]), end: end)
        }
        // (The flow that created the recommendation ended at t0+100, outside (t0+150, t0+450].)
        var quiet = engineWithRecommendation()
        quiet.ingest([uncovered(t0 + .seconds(400))])
        #expect(quiet.tick(at: t0 + .seconds(450)).count == 1)
        #expect(quiet.recommendation(for: "ns1")?.spec.ingress?.count == 1)

        var busy = engineWithRecommendation()
        busy.ingest([
            uncovered(t0 + .seconds(400)),
            egress("ns2", to: .wep, name: "server-*", namespace: "ns1", port: 8080, end: t0 + .seconds(400)),
        ])
        #expect(busy.tick(at: t0 + .seconds(450)).isEmpty)
        #expect(busy.recommendation(for: "ns1")?.spec.ingress == nil)
    }
}
