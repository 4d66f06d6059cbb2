import CalicoModel

/// Why a policy set could not be compiled (a bad selector, a policy in a tier that does not exist, …).
public struct PolicySetError: Error, Equatable, Sendable, CustomStringConvertible {
    public var policy: String
    public var field: String
    public var message: String
    public init(policy: String, field: String, message: String) { self.policy = policy; self.field = field; self.message = message }
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

    /// Tiers absent from `tiers` but referenced by policies are an error, except `default`
    /// (order 1,000,000, Deny), which always exists.
    public init(tiers: [Tier], policies: [CalicoPolicy], kubernetesPolicies: [KubernetesNetworkPolicy] = [],
                namespaces: [Namespace]) throws(PolicySetError) {
        self.tiers = tiers; self.policies = policies; self.kubernetesPolicies = kubernetesPolicies; self.namespaces = namespaces
    }
}
