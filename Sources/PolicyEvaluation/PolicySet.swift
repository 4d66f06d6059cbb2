import CalicoModel

/// Why a policy set could not be compiled (a bad selector, a policy in a tier that does not exist, …).
public struct PolicySetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var policy: String
    public var field: String
    public var message: String
    public init(policy: String, field: String, message: String) {
        self.policy = policy; self.field = field; self.message = message
    }
    public var description: String { "\(policy): field `\(field)`: \(message)" }
}

/// Everything the evaluator needs to know about the cluster: tiers, policies, namespaces (labels), network sets.
///
/// Built once and then evaluated many times; rebuilding after a policy change must be cheap enough to do
/// every engine tick (hundreds of policies).
public struct PolicySet: Sendable {
    public private(set) var tiers: [Tier]
    public private(set) var policies: [CalicoPolicy]
    public private(set) var kubernetesPolicies: [KubernetesNetworkPolicy]
    public private(set) var namespaces: [Namespace]
    /// Services, for `services` rule criteria that match a Service's backing pods.
    public private(set) var services: [Service]

    /// Selectors parsed, policies sorted into their tiers; shared by copies and by every `Evaluator` of this set.
    let compiled: CompiledPolicySet

    /// Tiers absent from `tiers` but referenced by policies are an error, except `default`
    /// (order 1,000,000, Deny), which always exists. Kubernetes policies join the `default` tier at order 1000.
    /// Staged policies with `stagedAction: Delete` are dropped.
    public init(
        tiers: [Tier], policies: [CalicoPolicy], kubernetesPolicies: [KubernetesNetworkPolicy] = [],
        namespaces: [Namespace], services: [Service] = []
    ) throws(PolicySetError) {
        self.tiers = tiers; self.policies = policies; self.kubernetesPolicies = kubernetesPolicies;
        self.namespaces = namespaces
        self.services = services
        compiled = try CompiledPolicySet(
            tiers: tiers, policies: policies, kubernetesPolicies: kubernetesPolicies,
            namespaces: namespaces, services: services)
    }

    /// A policy set from decoded resources: tiers, Calico and Kubernetes policies, namespaces and services
    /// are taken; other kinds (pods, network sets, …) are ignored.
    public init(resources: [Resource]) throws(PolicySetError) {
        var tiers: [Tier] = [], policies: [CalicoPolicy] = [], k8s: [KubernetesNetworkPolicy] = []
        var namespaces: [Namespace] = [], services: [Service] = []
        for r in resources {
            switch r {
            case .tier(let t): tiers.append(t)
            case .policy(let p): policies.append(p)
            case .kubernetesPolicy(let p): k8s.append(p)
            case .namespace(let n): namespaces.append(n)
            case .service(let s): services.append(s)
            default: break
            }
        }
        try self.init(
            tiers: tiers, policies: policies, kubernetesPolicies: k8s, namespaces: namespaces, services: services)
    }

    /// Tier names in walk order (including `default`).
    public var tierOrder: [String] { compiled.tiers.map(\.name) }
}
