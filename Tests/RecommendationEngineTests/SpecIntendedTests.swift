import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

@Suite struct SpecIntendedTests {
    func contracting(maxRules: Int) -> RecommendationEngine {
        var s = scope(uid: "u")
        s.spec.maxRules = maxRules
        return makeEngine(
            s, options: EngineOptions(assumptions: try! Assumptions([.maxRules: "contract-domains"])))
    }

    @Test func domainsAreContractedIntoAnEgressDomainSetAboveMaxRules() throws {
        var e = contracting(maxRules: 2)
        let end = t0 + .seconds(100)
        e.ingest([
            egress("ns1", to: .net, name: "pub", port: 443, domains: ["b.example"], end: end),
            egress("ns1", to: .net, name: "pub", port: 80, domains: ["a.example"], end: end),
            egress("ns1", to: .net, name: "pub", port: 8443, end: end),
            egress("ns1", to: .net, name: "pvt", port: 5432, end: end),
        ])
        let c = e.tick(at: t0 + .seconds(150))
        #expect(c.count == 4)
        guard case .egressDomainSetUpdated(let set)? = c.dropFirst(2).first,
            case .maxRulesExceeded("ns1", .egress, 3, 2)? = c.last
        else { Issue.record("got \(c)"); return }
        #expect(
            (try ResourceYAML.encode(.networkSet(set))) == """
                apiVersion: projectcalico.org/v3
                kind: NetworkSet
                metadata:
                  name: ns1-egress-domains
                  namespace: ns1
                  labels:
                    policyrecommendation.tigera.io/scope: Domains
                  ownerReferences:
                  - apiVersion: projectcalico.org/v3
                    kind: PolicyRecommendationScope
                    name: default
                    uid: u
                    controller: true
                    blockOwnerDeletion: false
                spec:
                  allowedEgressDomains:
                  - a.example
                  - b.example

                """)
        let first = try #require(e.recommendation(for: "ns1")?.spec.egress?.first)
        #expect(
            yaml(
                CalicoPolicy(
                    kind: .stagedNetworkPolicy, metadata: ObjectMeta(name: "x"), spec: PolicySpec(egress: [first])))
                    == """
                    apiVersion: projectcalico.org/v3
                    kind: StagedNetworkPolicy
                    metadata:
                      name: x
                    spec:
                      egress:
                      - metadata:
                          annotations:
                            policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                            policyrecommendation.tigera.io/name: ns1-egress-domains
                            policyrecommendation.tigera.io/namespace: ns1
                            policyrecommendation.tigera.io/scope: DomainSet
                        action: Allow
                        protocol: TCP
                        destination:
                          selector: policyrecommendation.tigera.io/scope == 'Domains'
                          ports:
                          - 80
                          - 443

                    """)
        // New domains update the set; the contracted rules are rebuilt from the engine's record, not lost.
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, domains: ["c.example"], end: t0 + .seconds(250))])
        let c2 = e.tick(at: t0 + .seconds(300))
        #expect(
            c2.contains {
                if case .egressDomainSetUpdated(let s) = $0 {
                    return s.spec.allowedEgressDomains == ["a.example", "b.example", "c.example"]
                }; return false
            })
        #expect(e.recommendation(for: "ns1")?.spec.egress?.count == 3)
        #expect(e.run(until: t0 + .seconds(450)).isEmpty)
    }

    @Test func noContractionAtOrBelowMaxRules() {
        var e = contracting(maxRules: 20)
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, domains: ["b.example"], end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(
            e.recommendation(for: "ns1")?.spec.egress?.first?.metadata?.annotations?[RecommendationKeys.scope]
                == "Domains")
        #expect(e.egressDomainSets.isEmpty)
    }

    @Test func learningCutOffStopsNewRecommendations() throws {
        var s = scope()
        s.spec.policiesLearningCutOff = 1
        var e = makeEngine(
            s, namespaces: ["a", "b"],
            options: EngineOptions(assumptions: try! Assumptions([.learningCutOff: "enforced"])))
        e.ingest([
            egress("a", to: .net, name: "pub", end: t0 + .seconds(100)),
            egress("b", to: .net, name: "pub", end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendations.map(\.namespace) == ["a"])
        try e.activate(namespace: "a", at: t0 + .seconds(200))
        e.ingest([egress("b", to: .net, name: "pub", end: t0 + .seconds(250))])
        _ = e.tick(at: t0 + .seconds(300))
        #expect(e.recommendations.map(\.namespace) == ["a", "b"])
    }
}

/// Consequences of the engine's rebuild for protocols without ports (ICMP), visible only when flow logs
/// without a destination port reach the engine (`dropsFlowsWithoutDestPort: false`).
@Suite struct PortlessProtocolQuirkTests {
    @Test func portlessRulesAreRebumpedWhileTrafficContinuesAndPrivateOnesDropped() {
        var e = makeEngine(options: EngineOptions(assumptions: try! Assumptions([.portlessFlows: "kept"])))
        e.ingest([
            egress("ns1", to: .wep, name: "x-*", namespace: "ns2", port: nil, proto: "icmp", end: t0 + .seconds(100)),
            egress("ns1", to: .net, name: "pvt", port: nil, proto: "icmp", end: t0 + .seconds(100)),
            egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendation(for: "ns1")?.spec.egress?.count == 3)
        // Same flows still in the window: the rebuilt ICMP rules have no ports, the flows add the zero port back
        // with a new timestamp, so the policy changes although nothing new happened.
        let c = e.tick(at: t0 + .seconds(300))
        guard case .rulesUpdated(let p)? = c.first else { Issue.record("got \(c)"); return }
        #expect(
            p.spec.egress?.map { $0.metadata?.annotations?[RecommendationKeys.lastUpdated] } == [
                "2026-01-01T00:05:00Z", "2026-01-01T00:05:00Z", "2026-01-01T00:02:30Z",
            ])
        // Only the TCP flow continues: the Private ICMP rule is dropped by the rebuild and not re-added.
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, end: t0 + .seconds(400))])
        _ = e.tick(at: t0 + .seconds(600))
        #expect(
            e.recommendation(for: "ns1")?.spec.egress?.map { $0.metadata?.annotations?[RecommendationKeys.scope] ?? "" }
                == ["Namespace", "Public"])
    }
}
