/// Any resource recsim reads or writes, by kind.
public enum Resource: Hashable, Sendable {
    case tier(Tier)
    case policy(CalicoPolicy)
    case kubernetesPolicy(KubernetesNetworkPolicy)
    case networkSet(NetworkSet)
    case scope(PolicyRecommendationScope)
    case namespace(Namespace)
    case pod(Pod)
    case workload(WorkloadController)
    case service(Service)
    case hostEndpoint(HostEndpoint)

    public var apiVersion: String {
        switch self {
        case .tier, .policy, .networkSet, .scope, .hostEndpoint: return "projectcalico.org/v3"
        case .kubernetesPolicy(let p): return p.staged ? "projectcalico.org/v3" : "networking.k8s.io/v1"
        case .namespace, .pod, .service: return "v1"
        case .workload(let w): return w.kind == "Job" ? "batch/v1" : "apps/v1"
        }
    }

    public var kind: String {
        switch self {
        case .tier: return "Tier"
        case .policy(let p): return p.kind.rawValue
        case .kubernetesPolicy(let p): return p.staged ? "StagedKubernetesNetworkPolicy" : "NetworkPolicy"
        case .networkSet(let s): return s.kind
        case .scope: return "PolicyRecommendationScope"
        case .namespace: return "Namespace"
        case .pod: return "Pod"
        case .workload(let w): return w.kind
        case .service: return "Service"
        case .hostEndpoint: return "HostEndpoint"
        }
    }

    public var metadata: ObjectMeta {
        switch self {
        case .tier(let r): return r.metadata
        case .policy(let r): return r.metadata
        case .kubernetesPolicy(let r): return r.metadata
        case .networkSet(let r): return r.metadata
        case .scope(let r): return r.metadata
        case .namespace(let r): return r.metadata
        case .pod(let r): return r.metadata
        case .workload(let r): return r.metadata
        case .service(let r): return r.metadata
        case .hostEndpoint(let r): return r.metadata
        }
    }

    /// Kinds recsim can read, keyed by `kind`, with the apiVersion groups accepted for each.
    public static let knownKinds: [String: [String]] = [
        "Tier": ["projectcalico.org/v3"],
        "NetworkPolicy": ["projectcalico.org/v3", "networking.k8s.io/v1"],
        "GlobalNetworkPolicy": ["projectcalico.org/v3"],
        "StagedNetworkPolicy": ["projectcalico.org/v3"],
        "StagedGlobalNetworkPolicy": ["projectcalico.org/v3"],
        "StagedKubernetesNetworkPolicy": ["projectcalico.org/v3"],
        "NetworkSet": ["projectcalico.org/v3"],
        "GlobalNetworkSet": ["projectcalico.org/v3"],
        "PolicyRecommendationScope": ["projectcalico.org/v3"],
        "HostEndpoint": ["projectcalico.org/v3"],
        "Namespace": ["v1"],
        "Pod": ["v1"],
        "Service": ["v1"],
        "Deployment": ["apps/v1"], "StatefulSet": ["apps/v1"], "DaemonSet": ["apps/v1"], "ReplicaSet": ["apps/v1"],
        "Job": ["batch/v1"], "ReplicationController": ["v1"],
    ]
}

/// A resource with where it came from, for error messages and reports.
public struct LocatedResource: Hashable, Sendable {
    public var resource: Resource
    public var file: String
    /// 1-based index of the YAML document in the file.
    public var document: Int
    /// 1-based line where the resource starts.
    public var line: Int
}
