import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

@Suite struct MiscEngineTests {
    @Test func noOwnerReferencesWithoutAScopeUID() {
        var e = makeEngine(scope(uid: nil))
        e.ingest([egress("ns1", to: .net, name: "pub", end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendation(for: "ns1")?.metadata.ownerReferences == nil)
        #expect(!yaml(e.recommendation(for: "ns1")).contains("ownerReferences"))
    }

    @Test func passThroughChangeAffectsOnlyNewRules() {
        var e = makeEngine(scope(pass: false))
        e.ingest([egress("ns1", to: .wep, name: "a-*", namespace: "ns1", port: 80, end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        e.updateScope(scope(pass: true), at: t0 + .seconds(200))
        e.ingest([
            egress("ns1", to: .wep, name: "a-*", namespace: "ns1", port: 81, end: t0 + .seconds(250)),
            egress("ns1", to: .wep, name: "a-*", namespace: "ns1", port: 53, proto: "udp", end: t0 + .seconds(250)),
        ])
        _ = e.tick(at: t0 + .seconds(300))
        // The TCP rule keeps its action (the key existed); the new UDP rule passes.
        #expect(e.recommendation(for: "ns1")?.spec.egress?.map(\.action) == [.allow, .pass])
        #expect(e.recommendation(for: "ns1")?.spec.egress?.first?.destination?.ports == [Port(80), Port(81)])
    }

    @Test func warmUpFromExistingPoliciesContinuesLearning() {
        let a = engineWithRecommendation()
        let stored = a.recommendations
        var b = RecommendationEngine(
            scope: scope(uid: "scope-uid"), generator: SeededGenerator(seed: 9), at: t0 + .seconds(200),
            namespaces: ["ns1"], existingPolicies: stored, existingTier: a.tier)
        #expect(b.recommendations == stored && b.tier == a.tier)
        // Old traffic is outside 2 × interval; new traffic extends the existing policy, no tier is created.
        b.ingest([
            egress("ns1", to: .net, name: "pub", port: 443, end: t0 - .hours(2)),
            egress("ns1", to: .net, name: "pub", port: 8443, end: t0 + .seconds(300)),
        ])
        let c = b.tick(at: t0 + .seconds(350))
        guard case .rulesUpdated(let p)? = c.first, c.count == 1 else { Issue.record("got \(c)"); return }
        #expect(p.name == stored[0].name)
        #expect(p.spec.egress?.first?.destination?.ports == [Port(443), Port(8443)])
    }

    @Test func nextTickFollowsAnIntervalChange() {
        var e = makeEngine(scope(interval: "150s"))
        e.updateScope(scope(interval: "1m"), at: t0 + .seconds(100))
        #expect(e.nextTickTime == t0 + .seconds(160))
        #expect(e.nextTick(after: t0 + .seconds(200)) == t0 + .seconds(220))
        #expect(e.tick(at: t0 + .seconds(160)).isEmpty && e.nextTickTime == t0 + .seconds(220))
    }

    @Test func changesNameTheirNamespaceAndPolicy() throws {
        var e = engineWithRecommendation()
        let c = try e.dismiss(namespace: "ns1")
        #expect(c.map(\.namespace) == ["ns1"])
        #expect(c.first?.policy?.spec.stagedAction == .ignore)
    }

    @Test func aNamespaceWithOnlyUnusableFlowsGetsItsPolicyWithTheFirstUsableOne() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .hep, name: "node-1", end: t0 + .seconds(100))])
        #expect(e.run(until: t0 + .seconds(600)).isEmpty)
        e.ingest([egress("ns1", to: .net, name: "pub", end: t0 + .seconds(700))])
        let c = e.tick(at: t0 + .seconds(750))
        #expect(c.count == 2 && e.recommendation(for: "ns1")?.spec.egress?.count == 1)
    }
}
