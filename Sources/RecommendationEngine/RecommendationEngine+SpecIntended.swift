import CalicoModel
import Simulation

/// Rendering and rebuild hooks, with the spec-intended `maxRules` contraction (SPEC §2.11) when enabled.
extension RecommendationEngine {
    static func egressDomainSetName(_ namespace: String) -> String { "\(namespace)-egress-domains" }

    var contractsDomains: Bool { options.assumptions.maxRules == .contractDomains }
    var maxRulesLimit: Int { settings.maxRules ?? EngineOptions.apiDefaultLimit }

    /// The rule maps rebuilt from a policy. With contraction on, the Domains rules hidden behind
    /// `DomainSet` rules come back from the engine's own record of them.
    func rebuildState(_ policy: CalicoPolicy) -> RuleState {
        var state = RuleState(egress: policy.spec.egress, ingress: policy.spec.ingress)
        if contractsDomains, let ns = policy.namespace, let hidden = contractedDomains[ns],
            (policy.spec.egress ?? []).contains(where: {
                $0.metadata?.annotations?[RecommendationKeys.scope] == RuleScope.domainSet.rawValue
            })
        {
            state.egress.domains = hidden
        }
        return state
    }

    /// Both directions' rules of a state; with contraction on and more than `maxRules` egress rules,
    /// the Domains block becomes one `DomainSet` rule per protocol.
    func render(_ state: RuleState, namespace: String) -> (egress: [Rule]?, ingress: [Rule]?) {
        var egress = state.rendered(.egress)
        let ingress = state.rendered(.ingress)
        if contractsDomains, let e = egress, e.count > maxRulesLimit, !state.egress.domains.isEmpty {
            egress =
                contractDomains(state.egress.domains, namespace: namespace) + e.dropFirst(state.egress.domains.count)
        }
        return (egress, ingress)
    }

    /// `GetEgressToDomainSetV3Rule` per protocol: ports merged and sorted, latest timestamp.
    func contractDomains(_ domains: ScopedRules, namespace: String) -> [Rule] {
        var byProtocol: [ProtocolValue: RuleData] = [:]
        var order: [ProtocolValue] = []
        for d in domains.values {
            if var merged = byProtocol[d.proto] {
                for p in d.ports where !merged.ports.contains(p) { merged.ports.append(p) }
                merged.timestamp = max(merged.timestamp, d.timestamp)
                byProtocol[d.proto] = merged
            } else {
                order.append(d.proto)
                byProtocol[d.proto] = RuleData(
                    action: .allow, proto: d.proto, ports: d.ports, namespace: namespace, timestamp: d.timestamp)
            }
        }
        return order.sorted { $0.stringValue < $1.stringValue }.map { proto in
            let d = byProtocol[proto]!
            let meta = RuleRendering.annotations(
                d, .domainSet,
                [
                    RecommendationKeys.name: Self.egressDomainSetName(namespace),
                    RecommendationKeys.namespace: namespace,
                ])
            return RuleRendering.rule(
                d, meta,
                destination: EntityRule(
                    selector: SelectorLiteral.equalsOrNothing(RecommendationKeys.scope, RuleScope.domains.rawValue),
                    ports: RuleRendering.ports(d)))
        }
    }

    /// Remembers the Domains rules of a namespace after its rules changed (contraction only).
    mutating func noteDomainState(_ state: RuleState, namespace: String) {
        guard contractsDomains else { return }
        contractedDomains[namespace] = state.egress.domains
    }

    /// After a rules change: create or update the egress-domains NetworkSet, and report rule counts above
    /// `maxRules` (contraction only).
    mutating func contractionChanges(for namespace: String) -> [RecommendationChange] {
        guard contractsDomains, let policy = records[namespace]?.policy else { return [] }
        var changes: [RecommendationChange] = []
        let egress = policy.spec.egress ?? []
        if egress.contains(where: {
            $0.metadata?.annotations?[RecommendationKeys.scope] == RuleScope.domainSet.rawValue
        }) {
            let domains = Set((contractedDomains[namespace]?.values ?? []).flatMap(\.domains)).sorted()
            var meta = ObjectMeta(
                name: Self.egressDomainSetName(namespace), namespace: namespace,
                labels: [RecommendationKeys.scope: RuleScope.domains.rawValue])
            if let uid = settings.scopeUID, !uid.isEmpty {
                meta.ownerReferences = [
                    OwnerReference(
                        apiVersion: "projectcalico.org/v3", kind: RecommendationKeys.scopeKind,
                        name: RecommendationKeys.scopeName, uid: uid, controller: true, blockOwnerDeletion: false)
                ]
            }
            let set = NetworkSet(metadata: meta, spec: NetworkSet.Spec(allowedEgressDomains: domains), isGlobal: false)
            if domainSets[namespace] != set {
                domainSets[namespace] = set
                changes.append(.egressDomainSetUpdated(set))
            }
        }
        for (dir, rules) in [(TrafficDirection.egress, egress), (.ingress, policy.spec.ingress ?? [])]
        where rules.count > maxRulesLimit {
            changes.append(
                .maxRulesExceeded(namespace: namespace, direction: dir, ruleCount: rules.count, maxRules: maxRulesLimit)
            )
        }
        return changes
    }
}
