import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// An engine at t0+150 with a recommendation for ns1 (egress to pub:443), scope uid set.
func engineWithRecommendation(options: EngineOptions = EngineOptions()) -> RecommendationEngine {
    var e = makeEngine(scope(uid: "scope-uid"), options: options)
    e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100))])
    _ = e.tick(at: t0 + .seconds(150))
    return e
}

@Suite struct UserActionTests {
    @Test func activateSetsSetAndDropsOwnerReferences() throws {
        var e = engineWithRecommendation()
        let changes = try e.activate(namespace: "ns1", at: t0 + .seconds(200))
        guard case .stagedActionChanged(let p, .learn?)? = changes.first else { Issue.record("got \(changes)"); return }
        let y = yaml(p)
        #expect(
            y.hasPrefix(
                """
                apiVersion: projectcalico.org/v3
                kind: StagedNetworkPolicy
                metadata:
                  name: \(p.name)
                  namespace: ns1
                  labels:
                    policyrecommendation.tigera.io/scope: namespace
                    projectcalico.org/ownerReference.kind: PolicyRecommendationScope
                    projectcalico.org/spec.stagedAction: Set
                    projectcalico.org/tier: namespace-isolation
                  annotations:
                    policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                    policyrecommendation.tigera.io/status: Learning
                spec:
                  stagedAction: Set
                """))
        // Frozen: new traffic and time change nothing; activating again is a no-op.
        e.ingest([egress("ns1", to: .net, name: "pub", port: 8443, end: t0 + .seconds(250))])
        #expect(e.run(until: t0 + .hours(2)).isEmpty)
        #expect(e.recommendation(for: "ns1") == p)
        #expect(try e.activate(namespace: "ns1", at: t0 + .hours(2)).isEmpty)
    }

    @Test func dismissFreezesAndReactivateResumesWithShortLookback() throws {
        var e = engineWithRecommendation()
        try e.dismiss(namespace: "ns1")
        #expect(e.recommendation(for: "ns1")?.spec.stagedAction == .ignore)
        #expect(e.recommendation(for: "ns1")?.metadata.labels?[RecommendationKeys.stagedActionLabel] == "Ignore")
        #expect(e.recommendation(for: "ns1")?.metadata.ownerReferences?.count == 1)
        e.ingest([egress("ns1", to: .net, name: "pub", port: 8000, end: t0 + .seconds(200))])
        #expect(e.run(until: t0 + .hours(1)).isEmpty)
        // Reactivated at t0+1h: the lookback is 2 × interval, so traffic from while it was dismissed is not learned…
        try e.reactivate(namespace: "ns1")
        #expect(e.recommendation(for: "ns1")?.spec.stagedAction == .learn)
        _ = e.tick(at: t0 + .seconds(3750))
        #expect(e.recommendation(for: "ns1")?.spec.egress?.first?.destination?.ports == [Port(443)])
        // …but new traffic is, on top of the existing rules.
        e.ingest([egress("ns1", to: .net, name: "pub", port: 9000, end: t0 + .seconds(3800))])
        let c = e.tick(at: t0 + .seconds(3900))
        guard case .rulesUpdated(let p)? = c.first else { Issue.record("got \(c)"); return }
        #expect(p.spec.egress?.first?.destination?.ports == [Port(443), Port(9000)])
    }

    @Test func enforceCreatesANetworkPolicyAndIgnoresTheRecommendation() throws {
        var e = engineWithRecommendation()
        try e.activate(namespace: "ns1", at: t0 + .seconds(200))
        let staged = e.recommendation(for: "ns1")!
        let changes = try e.enforce(namespace: "ns1", at: t0 + .seconds(300))
        #expect(changes.count == 2)
        guard case .enforcedPolicyCreated(let np)? = changes.first,
            case .stagedActionChanged(let snp, .set?)? = changes.last
        else {
            Issue.record("got \(changes)"); return
        }
        #expect(np.kind == .networkPolicy && np.name == staged.name && np.namespace == "ns1")
        #expect(np.spec.stagedAction == nil)
        var expectedSpec = staged.spec
        expectedSpec.stagedAction = nil
        #expect(np.spec == expectedSpec)
        #expect(yaml(np).contains("kind: NetworkPolicy\n") && !yaml(np).contains("  stagedAction:"))
        #expect(snp.spec.stagedAction == .ignore && snp.name == staged.name)
        #expect(e.enforcedPolicies == [np])
        // Deleting the enforced policy leaves the recommendation ignored until reactivated.
        let del = try e.deleteEnforcedPolicy(namespace: "ns1")
        #expect(del == [.enforcedPolicyDeleted(np)])
        e.ingest([egress("ns1", to: .net, name: "pub", port: 8443, end: t0 + .seconds(400))])
        #expect(e.run(until: t0 + .hours(1)).isEmpty)
        #expect(e.recommendation(for: "ns1")?.spec.stagedAction == .ignore)
        #expect(e.enforcedPolicies.isEmpty)
    }

    @Test func enforceWhileStoppedDeletesTheStagedPolicy() throws {
        var e = engineWithRecommendation()
        e.updateScope(scope(enabled: false, uid: "scope-uid"), at: t0 + .seconds(200))
        let changes = try e.enforce(namespace: "ns1", at: t0 + .seconds(300))
        #expect(changes.count == 2)
        guard case .deleted(_, .enforcedWhileStopped)? = changes.last else { Issue.record("got \(changes)"); return }
        #expect(e.recommendation(for: "ns1") == nil && e.enforcedPolicies.count == 1)
    }

    @Test func actionsWithoutARecommendationThrow() {
        var e = makeEngine()
        #expect(throws: RecommendationActionError(action: "activate", namespace: "ns1", reason: .noRecommendation)) {
            try e.activate(namespace: "ns1", at: t0)
        }
        #expect(throws: RecommendationActionError.self) { try e.dismiss(namespace: "ns1") }
        #expect(throws: RecommendationActionError.self) { try e.reactivate(namespace: "ns1") }
        #expect(throws: RecommendationActionError.self) { try e.enforce(namespace: "ns1", at: t0) }
        #expect(throws: RecommendationActionError.self) { try e.deleteEnforcedPolicy(namespace: "ns1") }
    }

    @Test func automationActivatesWhenStableAndEnforcesLater() {
        let auto = Automation(activateWhenStable: true, enforceAfterActivation: .hours(1))
        var e = makeEngine(scope(interval: "150s", stabilization: "10m"), options: EngineOptions(automation: auto))
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100))])
        let T = t0 + .seconds(150)
        _ = e.run(until: T + .seconds(600))
        #expect(e.recommendation(for: "ns1")?.spec.stagedAction == .learn)
        let stable = e.tick(at: T + .seconds(750))
        #expect(stable.count == 2)
        guard case .statusChanged? = stable.first, case .stagedActionChanged(let p, .learn?)? = stable.last else {
            Issue.record("got \(stable)"); return
        }
        #expect(p.spec.stagedAction == .set && p.metadata.ownerReferences == nil)
        // Enforced at the first tick at least one hour after activation (T+750+3600 = T+4350 is a tick).
        #expect(e.run(until: T + .seconds(4200)).isEmpty)
        let enforced = e.tick(at: T + .seconds(4350))
        #expect(enforced.count == 2)
        #expect(e.enforcedPolicies.count == 1 && e.recommendation(for: "ns1")?.spec.stagedAction == .ignore)
    }
}
