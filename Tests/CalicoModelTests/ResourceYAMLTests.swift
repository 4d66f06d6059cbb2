import Foundation
import Testing

@testable import CalicoModel

@Suite struct ResourceYAMLTests {
    static let sample = """
        apiVersion: projectcalico.org/v3
        kind: Tier
        metadata:
          name: security
        spec:
          order: 100
        ---
        apiVersion: projectcalico.org/v3
        kind: StagedNetworkPolicy
        metadata:
          name: security.allow-dns
          namespace: shop
          labels:
            zeta: "1"
            alpha: "2"
        spec:
          stagedAction: Learn
          tier: security
          order: 10.5
          selector: app == 'web'
          types: [Egress]
          egress:
          - action: Allow
            protocol: UDP
            destination:
              ports: [53, "8000:8080", dns]
              namespaceSelector: projectcalico.org/name == 'kube-system'
              domains: ["*.example.com"]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny-all, namespace: shop}
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        """

    @Test func decodesMultiDocumentManifests() throws {
        let docs = try ResourceYAML.decode(Self.sample, file: "sample.yaml")
        #expect(docs.map(\.resource.kind) == ["Tier", "StagedNetworkPolicy", "NetworkPolicy"])
        #expect(docs.map(\.document) == [1, 2, 3])
        guard case .policy(let snp) = docs[1].resource else { Issue.record("not a policy"); return }
        #expect(snp.kind == .stagedNetworkPolicy)
        #expect(snp.spec.stagedAction == .learn)
        #expect(snp.spec.order?.value == 10.5)
        let rule = try #require(snp.spec.egress?.first)
        #expect(rule.protocol == .udp)
        #expect(rule.destination?.ports == [Port(53), Port(min: 8000, max: 8080), Port(named: "dns")])
        guard case .kubernetesPolicy(let knp) = docs[2].resource else { Issue.record("not a k8s policy"); return }
        #expect(knp.spec.podSelector.isEmpty && knp.spec.effectiveTypes == [.ingress])
    }

    @Test func encodesDeterministicallyWithSortedLabelsAndIntegerOrders() throws {
        let docs = try ResourceYAML.decode(Self.sample, file: "sample.yaml")
        let yaml = try ResourceYAML.encode(docs.map(\.resource))
        #expect(yaml.contains("order: 100\n"))
        #expect(yaml.contains("order: 10.5\n"))
        let alpha = try #require(yaml.range(of: "alpha:")), zeta = try #require(yaml.range(of: "zeta:"))
        #expect(alpha.lowerBound < zeta.lowerBound)
        #expect(yaml.contains("- 8000:8080\n"))  // not sexagesimal in YAML 1.1, so plain is unambiguous
        // Round trip gives equal values.
        let again = try ResourceYAML.decode(yaml, file: "again.yaml")
        #expect(again.map(\.resource) == docs.map(\.resource))
        #expect(try ResourceYAML.encode(again.map(\.resource)) == yaml)
    }

    @Test func readsKubectlNamespaceList() throws {
        let list = """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: Namespace
              metadata:
                name: shop
                labels: {team: a}
            - apiVersion: v1
              kind: Namespace
              metadata: {name: kube-system}
            """
        let docs = try ResourceYAML.decode(list, file: "ns.yaml")
        #expect(docs.map(\.resource.metadata.name) == ["shop", "kube-system"])
        guard case .namespace(let ns) = docs[0].resource else { Issue.record("not a namespace"); return }
        #expect(ns.effectiveLabels == ["team": "a", "kubernetes.io/metadata.name": "shop"])
        let typed = try ResourceYAML.decode(
            "kind: NamespaceList\napiVersion: v1\nitems:\n- metadata: {name: x}\n", file: "l.yaml")
        #expect(typed.first?.resource.kind == "Namespace")
    }

    @Test(arguments: [
        ("kind: Gizmo\napiVersion: v1\nmetadata: {name: x}\n", "unknown kind \"Gizmo\"", 1),
        (
            "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: x}\nspec:\n  ingress:\n  - action: Maybe\n",
            "spec.ingress[0].action", 6
        ),
        ("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: x}\nspec: {order: [1]}\n", "spec.order", 4),
        ("a: [\n", "not valid YAML", 0),
        ("apiVersion: projectcalico.org/v3\nkind: NetworkSet\nspec: {nets: []}\n", "metadata.name", 0),
        (
            "apiVersion: projectcalico.org/v3\nkind: PolicyRecommendationScope\nmetadata: {name: default}\nspec:\n  interval: 5 minutes\n",
            "spec.interval", 5
        ),
    ])
    func badInputNamesTheProblem(input: String, expected: String, line: Int) {
        do {
            _ = try ResourceYAML.decode(input, file: "bad.yaml")
            Issue.record("expected an error for \(input)")
        } catch {
            #expect(error.description.contains("bad.yaml"))
            #expect(error.description.contains(expected), "\(error.description)")
            if line > 0 { #expect(error.line == line, "\(error.description)") }
        }
    }

    @Test func unknownKindsCanBePassedOver() throws {
        let text =
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n"
        #expect(try ResourceYAML.decode(text, file: "x.yaml", ignoreUnknownKinds: true).count == 1)
        #expect(throws: ResourceDecodeError.self) { try ResourceYAML.decode(text, file: "x.yaml") }
    }
}
