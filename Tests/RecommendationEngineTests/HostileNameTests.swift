import CalicoModel
import Simulation
import Testing

@testable import RecommendationEngine

/// Names in replayed flow logs cannot change the meaning of a recommended policy.
@Suite struct HostileNameTests {
    static let hostile = [
        "x' || all() || a == 'y", "x\" || all() || a == \"y", "web' || all() || 'a", "Web", "a b", "-",
    ]

    @Test func flowsWithInvalidNamesNeverReachARule() throws {
        var e = makeEngine(namespaces: ["ns1"])
        var logs: [FlowLog] = []
        for (i, name) in Self.hostile.enumerated() where name != "-" {
            logs.append(
                ingress(
                    "ns1", from: .wep, name: "web-*", namespace: name, port: 8080 + Int64(i), end: t0 + .seconds(100)))
            logs.append(
                egress("ns1", to: .ns, name: name, namespace: "ns2", port: 9000 + Int64(i), end: t0 + .seconds(100)))
            logs.append(
                egress("ns1", to: .net, name: "pub", port: 7000 + Int64(i), service: name, end: t0 + .seconds(100)))
        }
        logs.append(ingress("ns1", from: .wep, name: "web-*", namespace: "web", port: 80, end: t0 + .seconds(100)))
        e.ingest(logs)
        _ = e.tick(at: t0 + .seconds(150))
        let policy = try #require(e.cachedRecommendation(for: "ns1"))
        let rules = (policy.spec.ingress ?? []) + (policy.spec.egress ?? [])
        #expect(rules.count == 1)
        #expect(rules.first?.source?.namespaceSelector == "projectcalico.org/name == 'web'")
        #expect(e.ignoredInvalidNameKeys == 15)
        // Every selector in the policy parses, and selects only what its literal names.
        for r in rules {
            for s in [
                r.source?.namespaceSelector, r.source?.selector, r.destination?.namespaceSelector,
                r.destination?.selector,
            ].compactMap({ $0 }) {
                let sel = try Selector(s)
                #expect(!sel.matches(["projectcalico.org/name": "other"]))
            }
        }
    }

    @Test func invalidNamespaceNamesAreNotAdded() {
        var e = makeEngine(namespaces: ["ns1", "Bad Name"])
        for name in Self.hostile { e.addNamespace(name) }
        #expect(e.knownNamespaces == ["ns1"])
        #expect(e.ignoredNamespaceNames == Self.hostile.count + 1)
        e.ingest([egress("x' || all() || a == 'y", to: .net, name: "pub", end: t0 + .seconds(100))])
        _ = e.tick(at: t0 + .seconds(150))
        #expect(e.recommendations.allSatisfy { $0.metadata.namespace == "ns1" })
    }
}
