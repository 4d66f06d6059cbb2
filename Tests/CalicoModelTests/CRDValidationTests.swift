import Foundation
import Testing

@testable import CalicoModel

/// Every kind recsim emits validates against Calico's CRD schemas with `../shared/tools/validate_crd.py`.
@Suite struct CRDValidationTests {
    static func rule() -> Rule {
        Rule(
            action: .allow, protocol: .tcp,
            destination: EntityRule(
                selector: "app == 'db'", namespaceSelector: "projectcalico.org/name == 'data'",
                ports: [Port(5432), Port(min: 8000, max: 8080)]),
            metadata: RuleMetadata(annotations: [
                "policyrecommendation.tigera.io/scope": "Namespace",
                "policyrecommendation.tigera.io/lastUpdated": "2026-01-05T00:00:00Z",
            ]))
    }

    static let cases: [(String, Resource)] = [
        ("Tier", .tier(Tier(name: "namespace-isolation", order: 10000))),
        (
            "StagedNetworkPolicy",
            .policy(
                CalicoPolicy(
                    kind: .stagedNetworkPolicy,
                    metadata: ObjectMeta(
                        name: "namespace-isolation.shop-abcde", namespace: "shop",
                        labels: ["projectcalico.org/tier": "namespace-isolation"],
                        annotations: ["policyrecommendation.tigera.io/status": "Learning"],
                        ownerReferences: [
                            OwnerReference(
                                apiVersion: "projectcalico.org/v3", kind: "PolicyRecommendationScope", name: "default",
                                uid: "u-1", controller: true, blockOwnerDeletion: false)
                        ]),
                    spec: PolicySpec(
                        stagedAction: .learn, tier: "namespace-isolation",
                        selector: "projectcalico.org/namespace == 'shop'",
                        types: [.egress, .ingress],
                        egress: [
                            rule(),
                            Rule(action: .allow, protocol: .udp, destination: EntityRule(domains: ["api.example.com"])),
                        ],
                        ingress: [Rule(action: .pass, protocol: .tcp, source: EntityRule(nets: CIDR.privateRanges))])))
        ),
        (
            "NetworkPolicy",
            .policy(
                CalicoPolicy(
                    kind: .networkPolicy, metadata: ObjectMeta(name: "namespace-isolation.shop", namespace: "shop"),
                    spec: PolicySpec(
                        tier: "namespace-isolation", order: 100, selector: "all()", types: [.ingress],
                        ingress: [Rule(action: .deny, protocol: .icmp, icmp: ICMPFields(type: 8))])))
        ),
        (
            "GlobalNetworkPolicy",
            .policy(
                CalicoPolicy(
                    kind: .globalNetworkPolicy, metadata: ObjectMeta(name: "security.block"),
                    spec: PolicySpec(
                        tier: "security", order: 1, selector: "all()", namespaceSelector: "has(projectcalico.org/name)",
                        types: [.egress], egress: [rule()])))
        ),
        (
            "StagedGlobalNetworkPolicy",
            .policy(
                CalicoPolicy(
                    kind: .stagedGlobalNetworkPolicy, metadata: ObjectMeta(name: "security.staged"),
                    spec: PolicySpec(
                        stagedAction: .set, tier: "security", selector: "all()", types: [.ingress],
                        ingress: [Rule(action: .log)])))
        ),
        (
            "NetworkSet",
            .networkSet(
                NetworkSet(
                    metadata: ObjectMeta(name: "partners", namespace: "shop", labels: ["a": "b"]),
                    spec: .init(nets: ["198.51.100.0/24"], allowedEgressDomains: ["*.partner.example"]), isGlobal: false
                ))
        ),
        (
            "GlobalNetworkSet",
            .networkSet(
                NetworkSet(metadata: ObjectMeta(name: "threats"), spec: .init(nets: ["203.0.113.0/24"]), isGlobal: true)
            )
        ),
        (
            "PolicyRecommendationScope",
            .scope(
                PolicyRecommendationScope(
                    spec: .init(
                        interval: "2m30s", initialLookback: "24h0m0s", stabilizationPeriod: "10m0s", maxRules: 20,
                        namespaceSpec: .init(
                            recStatus: .enabled, selector: "!(projectcalico.org/name starts with 'kube-')",
                            intraNamespacePassThroughTraffic: false))))
        ),
    ]

    @Test(arguments: cases.map(\.0))
    func emittedManifestValidates(kind: String) throws {
        let resource = try #require(Self.cases.first { $0.0 == kind }?.1)
        let yaml = try ResourceYAML.encode(resource)
        let (status, output) = try ModelTestPaths.validateCRD(kind: kind, manifest: yaml)
        #expect(status == 0, "validate_crd.py rejected \(kind):\n\(output)\n\(yaml)")
    }

    @Test func validatorRejectsAnUnknownField() throws {
        let yaml = try ResourceYAML.encode(.tier(Tier(name: "t", order: 1))) + "  bogusField: 1\n"
        let (status, _) = try ModelTestPaths.validateCRD(kind: "Tier", manifest: yaml)
        #expect(status == 1)
    }
}
