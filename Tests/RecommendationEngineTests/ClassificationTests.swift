import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// One row of SPEC §2.5's classification table: a flow log seen from `ns1`, and the rule it yields.
struct ClassificationCase: CustomTestStringConvertible, Sendable {
    var label: String
    var flow: @Sendable (SimInstant) -> FlowLog
    /// (direction, `…/scope` annotation) of the single rule, or nil when the flow is skipped.
    var expected: (TrafficDirection, RuleScope)?
    var testDescription: String { label }
}

let classificationCases: [ClassificationCase] = [
    .init(
        label: "egress to a NetworkSet", flow: { egress("ns1", to: .ns, name: "set", namespace: "ns1", end: $0) },
        expected: (.egress, .networkSet)),
    .init(
        label: "egress to a GlobalNetworkSet", flow: { egress("ns1", to: .ns, name: "gset", end: $0) },
        expected: (.egress, .networkSet)),
    .init(
        label: "egress to a pod", flow: { egress("ns1", to: .wep, name: "db-*", namespace: "ns2", end: $0) },
        expected: (.egress, .namespace)),
    .init(
        label: "egress to pvt with domains: pvt wins",
        flow: { egress("ns1", to: .net, name: "pvt", domains: ["a.example"], end: $0) }, expected: (.egress, .private)),
    .init(
        label: "egress to pub with domains",
        flow: { egress("ns1", to: .net, name: "pub", domains: ["a.example"], end: $0) }, expected: (.egress, .domains)),
    .init(
        label: "egress to pub with domains and service: domains first",
        flow: {
            egress("ns1", to: .net, name: "pub", domains: ["a.example"], service: "svc", end: $0)
        }, expected: (.egress, .domains)),
    .init(
        label: "egress to pub via a service", flow: { egress("ns1", to: .net, name: "pub", service: "ext", end: $0) },
        expected: (.egress, .service)),
    .init(
        label: "egress to pub", flow: { egress("ns1", to: .net, name: "pub", end: $0) }, expected: (.egress, .public)),
    .init(
        label: "egress to a host endpoint: unsupported", flow: { egress("ns1", to: .hep, name: "node-1", end: $0) },
        expected: nil),
    .init(
        label: "egress to net of another name: unsupported", flow: { egress("ns1", to: .net, name: "other", end: $0) },
        expected: nil),
    .init(
        label: "egress to a pod without namespace: unsupported",
        flow: { egress("ns1", to: .wep, name: "x-*", namespace: "-", end: $0) }, expected: nil),
    .init(
        label: "egress with an unknown protocol name: skipped",
        flow: { egress("ns1", to: .net, name: "pub", proto: "gre", end: $0) }, expected: nil),
    .init(
        label: "denied egress: skipped", flow: { egress("ns1", to: .net, name: "pub", action: .deny, end: $0) },
        expected: nil),
    .init(
        label: "ingress from a pod", flow: { ingress("ns1", from: .wep, name: "web-*", namespace: "ns2", end: $0) },
        expected: (.ingress, .namespace)),
    .init(
        label: "ingress from pvt", flow: { ingress("ns1", from: .net, name: "pvt", end: $0) },
        expected: (.ingress, .private)),
    .init(
        label: "ingress from pub", flow: { ingress("ns1", from: .net, name: "pub", end: $0) },
        expected: (.ingress, .public)),
    .init(
        label: "ingress from a NetworkSet", flow: { ingress("ns1", from: .ns, name: "set", namespace: "ns2", end: $0) },
        expected: (.ingress, .networkSet)),
    .init(
        label: "ingress from a host endpoint: unsupported",
        flow: { ingress("ns1", from: .hep, name: "node-1", end: $0) }, expected: nil),
    .init(
        label: "source-reported flow into ns1: not ns1's egress nor ingress",
        flow: {
            var f = ingress("ns1", from: .wep, name: "web-*", namespace: "ns2", end: $0); f.reporter = .src; return f
        }, expected: nil),
    .init(
        label: "destination-reported flow out of ns1: skipped",
        flow: {
            var f = egress("ns1", to: .wep, name: "db-*", namespace: "ns2", end: $0); f.reporter = .dst; return f
        }, expected: nil),
    .init(
        label: "egress reported by a host endpoint in ns1: skipped",
        flow: {
            var f = egress("ns1", to: .net, name: "pub", end: $0); f.sourceType = .hep; return f
        }, expected: nil),
]

@Suite struct ClassificationTests {
    @Test(arguments: classificationCases) func classification(_ c: ClassificationCase) {
        var e = makeEngine()
        e.ingest([c.flow(t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        let p = e.cachedRecommendation(for: "ns1")
        guard let (direction, scope) = c.expected else {
            #expect(p == nil, "no recommendation without a usable flow")
            return
        }
        let rules = (direction == .egress ? p?.spec.egress : p?.spec.ingress) ?? []
        let other = (direction == .egress ? p?.spec.ingress : p?.spec.egress) ?? []
        #expect(rules.count == 1)
        #expect(other.isEmpty)
        #expect(rules.first?.metadata?.annotations?[RecommendationKeys.scope] == scope.rawValue)
    }

    @Test func portAndProtocolNormalisation() {
        var e = makeEngine(options: EngineOptions(assumptions: try! Assumptions([.portlessFlows: "kept"])))
        let end = t0 + .seconds(100)
        e.ingest([
            egress("ns1", to: .net, name: "pub", port: 53, proto: "17", end: end),  // numeric UDP → UDP
            egress("ns1", to: .net, name: "pub", port: nil, proto: "icmp", end: end),  // no ports for ICMP
            egress("ns1", to: .net, name: "pub", port: 1, proto: "47", end: end),  // GRE stays numeric
            egress("ns1", to: .net, name: "pub", port: 9, proto: "sctp", end: end),
        ])
        _ = e.tick(at: t0 + .seconds(150))
        // Public rules sort by protocol string; numeric protocols have none and come first.
        #expect(
            specYAML(e.recommendation(for: "ns1")) == """
                stagedAction: Learn
                tier: namespace-isolation
                selector: projectcalico.org/namespace == 'ns1'
                types:
                - Egress
                egress:
                - metadata:
                    annotations:
                      policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                      policyrecommendation.tigera.io/scope: Public
                  action: Allow
                  protocol: 47
                - metadata:
                    annotations:
                      policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                      policyrecommendation.tigera.io/scope: Public
                  action: Allow
                  protocol: ICMP
                - metadata:
                    annotations:
                      policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                      policyrecommendation.tigera.io/scope: Public
                  action: Allow
                  protocol: SCTP
                  destination:
                    ports:
                    - 9
                - metadata:
                    annotations:
                      policyrecommendation.tigera.io/lastUpdated: '2026-01-01T00:02:30Z'
                      policyrecommendation.tigera.io/scope: Public
                  action: Allow
                  protocol: UDP
                  destination:
                    ports:
                    - 53

                """)
    }

    @Test func flowsWithoutDestinationPortAreAbsentFromLinseedByDefault() {
        var e = makeEngine()
        e.ingest([egress("ns1", to: .net, name: "pub", port: nil, proto: "icmp", end: t0 + .seconds(100))])
        #expect(e.tick(at: t0 + .seconds(150)).isEmpty)
        #expect(e.recommendation(for: "ns1") == nil)
    }
}
