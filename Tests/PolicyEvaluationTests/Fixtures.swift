import CalicoModel

@testable import PolicyEvaluation

/// Small builders for evaluator unit tests.
enum Fx {
    static func policy(
        _ name: String, kind: PolicyKind = .globalNetworkPolicy, namespace: String? = nil, tier: String = "default",
        order: Double? = nil, selector: String? = nil, namespaceSelector: String? = nil,
        types: [PolicyType]? = nil, ingress: [Rule] = [], egress: [Rule] = [],
        stagedAction: StagedAction? = nil
    ) -> CalicoPolicy {
        let spec = PolicySpec(
            stagedAction: stagedAction, tier: tier, order: order.map { PolicyOrder($0) }, selector: selector,
            namespaceSelector: namespaceSelector, types: types, egress: egress, ingress: ingress)
        return CalicoPolicy(kind: kind, metadata: ObjectMeta(name: name, namespace: namespace), spec: spec)
    }

    static func np(
        _ name: String, _ ns: String, tier: String = "default", order: Double? = nil, selector: String? = nil,
        ingress: [Rule] = [], egress: [Rule] = [], staged: StagedAction? = nil
    ) -> CalicoPolicy {
        policy(
            name, kind: staged == nil ? .networkPolicy : .stagedNetworkPolicy, namespace: ns, tier: tier, order: order,
            selector: selector, ingress: ingress, egress: egress, stagedAction: staged)
    }

    static func pod(
        _ name: String, _ ns: String, _ labels: Labels = [:], ip: String? = nil, sa: String = "default",
        ports: [ContainerPort] = []
    ) -> FlowEndpoint {
        .workload(
            name: name, namespace: ns, labels: labels, ip: ip.flatMap(IPAddress.init), serviceAccount: sa,
            namedPorts: ports)
    }

    static func tcp(
        _ src: FlowEndpoint, _ dst: FlowEndpoint, _ port: UInt16 = 80, service: ServiceReference? = nil,
        domains: [String] = []
    ) -> Connection {
        Connection(
            source: src, destination: dst, protocol: .tcp, destinationPort: port, sourcePort: 33000,
            service: service, destinationDomains: domains)
    }

    static func evaluator(
        tiers: [Tier] = [], _ policies: [CalicoPolicy], k8s: [KubernetesNetworkPolicy] = [],
        namespaces: [Namespace] = [], services: [Service] = []
    ) throws(PolicySetError) -> Evaluator {
        Evaluator(
            try PolicySet(
                tiers: tiers, policies: policies, kubernetesPolicies: k8s, namespaces: namespaces, services: services))
    }

    static let allow = Rule(action: .allow)
    static let deny = Rule(action: .deny)
    static let pass = Rule(action: .pass)
    static func allowTo(_ d: EntityRule, proto: ProtocolValue? = .tcp) -> Rule {
        Rule(action: .allow, protocol: proto, destination: d)
    }
    static func allowFrom(_ s: EntityRule, proto: ProtocolValue? = nil) -> Rule {
        Rule(action: .allow, protocol: proto, source: s)
    }
}
