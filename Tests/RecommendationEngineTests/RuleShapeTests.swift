import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

@Suite struct RuleShapeTests {
    /// Every scope in both directions: block order, comparators, annotations, metadata, ownerReferences,
    /// Pass for intra-namespace Namespace/NetworkSet rules, cluster-local domain dropped.
    @Test func everyScopeGoldenPolicy() {
        var e = makeEngine(scope(pass: true, uid: "0f4c-uid"), namespaces: ["shop"])
        e.ingest(everyScopeFlows(end: t0 + .seconds(120)))
        _ = e.tick(at: t0 + .seconds(150))
        // The engine's version: the datastore rejects it for its Service rule (see DatastoreTests).
        let g = golden("every-scope-snp.yaml", yaml(e.cachedRecommendation(for: "shop")))
        #expect(g.actual == g.expected)
    }

    @Test func withoutPassThroughIntraNamespaceRulesAllow() {
        var e = makeEngine(scope(pass: false), namespaces: ["shop"])
        e.ingest(everyScopeFlows(end: t0 + .seconds(120)))
        _ = e.tick(at: t0 + .seconds(150))
        let actions = Set((e.cachedRecommendation(for: "shop")?.spec.egress ?? []).map(\.action))
        #expect(actions == [.allow])
    }

    @Test func ingressNamespaceRuleSelectsTheSourceAndPortsStayOnDestination() {
        var e = makeEngine()
        e.ingest([
            ingress("ns1", from: .wep, name: "web-*", namespace: "web", port: 8080, end: t0 + .seconds(100)),
            ingress("ns1", from: .wep, name: "api-*", namespace: "web", port: 80, end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(
            specYAML(e.recommendation(for: "ns1")) == """
                stagedAction: Learn
                tier: namespace-isolation
                selector: projectcalico.org/namespace == 'ns1'
                types:
                - Ingress
                ingress:
                - metadata:
                    annotations:
                      policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                      policyrecommendation.tigera.io/namespace: web
                      policyrecommendation.tigera.io/scope: Namespace
                      policyrecommendation.tigera.io/warnings: NonServicePortsAndProtocol
                  action: Allow
                  protocol: TCP
                  source:
                    namespaceSelector: projectcalico.org/name == 'web'
                  destination:
                    ports:
                    - 80
                    - 8080

                """)
    }

    @Test func serviceRuleHasNoServiceNamespace() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", port: 443, service: "payments", end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(
            specYAML(e.cachedRecommendation(for: "ns1")) == """
                stagedAction: Learn
                tier: namespace-isolation
                selector: projectcalico.org/namespace == 'ns1'
                types:
                - Egress
                egress:
                - metadata:
                    annotations:
                      policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                      policyrecommendation.tigera.io/name: payments
                      policyrecommendation.tigera.io/namespace: ''
                      policyrecommendation.tigera.io/scope: Service
                  action: Allow
                  protocol: TCP
                  destination:
                    ports:
                    - 443
                    services:
                      name: payments

                """)
    }

    @Test func longNetworkSetNamesAreLengthLimitedInTheSelectorOnly() {
        let long = "a-very-long-global-network-set-name-that-exceeds-the-kubernetes-label-limit"
        var e = makeEngine()
        e.ingest([egress("ns1", to: .ns, name: long, namespace: "ns1", port: 443, end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        let rule = e.recommendation(for: "ns1")?.spec.egress?.first
        #expect(
            rule?.destination?.selector
                == "projectcalico.org/name == 'a-very-long-global-network-set-name-that-exceeds-the-ku-i310dc6' && projectcalico.org/kind == 'NetworkSet'"
        )
        #expect(rule?.destination?.namespaceSelector == "projectcalico.org/name == 'ns1'")
        #expect(rule?.metadata?.annotations?[RecommendationKeys.name] == long)
    }

    /// SPEC §2.14 quirk 3: a `pub` flow whose domains are all cluster-local is still a Domains flow; the rule
    /// then has no domains and allows the port to any destination.
    @Test func clusterLocalOnlyDomainsGiveADomainRuleWithoutDomains() {
        var e = makeEngine(options: EngineOptions(clusterDomain: "corp.internal"))
        e.ingest([
            egress(
                "ns1", to: .net, name: "pub", port: 443, domains: ["api.default.svc.corp.internal"],
                end: t0 + .seconds(100)),
            egress(
                "ns1", to: .net, name: "pub", port: 80, domains: ["api.default.svc.cluster.local"],
                end: t0 + .seconds(100)),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        let rules = e.recommendation(for: "ns1")?.spec.egress ?? []
        #expect(rules.map { $0.destination?.domains } == [["api.default.svc.cluster.local"], nil])
        #expect(rules.map { $0.destination?.ports } == [[Port(80)], [Port(443)]])
        #expect(rules.allSatisfy { $0.metadata?.annotations?[RecommendationKeys.scope] == "Domains" })
    }

    @Test func blocksAreSortedByProtocolThenPortsThenSelector() {
        var e = makeEngine()
        let end = t0 + .seconds(100)
        e.ingest([
            egress("ns1", to: .wep, name: "b-*", namespace: "zeta", port: 80, end: end),
            egress("ns1", to: .wep, name: "b-*", namespace: "alpha", port: 80, end: end),
            egress("ns1", to: .wep, name: "b-*", namespace: "beta", port: 53, proto: "udp", end: end),
            egress("ns1", to: .wep, name: "b-*", namespace: "mid", port: 8080, end: end),
            egress("ns1", to: .wep, name: "b-*", namespace: "mid", port: 443, end: end),
            egress("ns1", to: .wep, name: "b-*", namespace: "low", port: 22, end: end),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        let rules = e.recommendation(for: "ns1")?.spec.egress ?? []
        #expect(
            rules.map { $0.metadata?.annotations?[RecommendationKeys.namespace] ?? "" } == [
                "low", "alpha", "zeta", "mid", "beta",
            ])
        #expect(
            rules.map { $0.destination?.ports ?? [] } == [
                [Port(22)], [Port(80)], [Port(80)], [Port(443), Port(8080)], [Port(53)],
            ])
    }

    @Test func portComparatorMatchesTheEngine() {
        let p = { (a: [UInt16]) in a.map { Port($0) } }
        #expect(RuleRendering.comparePorts(p([80]), p([443])) == -1)
        #expect(RuleRendering.comparePorts(p([80, 443]), p([80])) == 1)
        #expect(RuleRendering.comparePorts(p([80]), p([80, 443])) == -1)
        #expect(RuleRendering.comparePorts(p([80]), p([80])) == 0)
        #expect(RuleRendering.comparePorts([Port(min: 80, max: 90)], [Port(min: 80, max: 85)]) == 1)
        // Named ports compare by name ascending (SPEC §2.7 `sortPorts`; issue 15 fixed the reversed order).
        #expect(RuleRendering.comparePorts([Port(named: "a")], [Port(named: "b")]) == -1)
        #expect(RuleRendering.comparePorts([Port(named: "b")], [Port(named: "a")]) == 1)
    }
}
