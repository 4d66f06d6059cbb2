import CalicoModel

/// What a cluster file (`--cluster`, as `recsim cluster export` or `kubectl get … -o yaml` writes it) adds to an
/// inference: namespace labels, workload kinds, replicas and pod-template labels, and network sets' real nets and
/// labels. Names, labels and nets are checked as Kubernetes and Calico check them; anything else is left out.
public struct InferenceCluster: Sendable {
    struct Workload: Sendable {
        var kind: String
        var replicas: Int
        var labels: [String: String]
    }

    var namespaceLabels: [String: [String: String]] = [:]
    var workloads: [String: Workload] = [:]  // "ns/name"
    var networkSets: [String: (nets: [String], labels: [String: String])] = [:]  // "ns/name", "/name" for global

    public init() {}

    public init(resources: [Resource]) {
        for r in resources {
            switch r {
            case .namespace(let n):
                namespaceLabels[n.name] = Self.valid(n.metadata.labels)
            case .workload(let w):
                guard ["Deployment", "StatefulSet", "DaemonSet"].contains(w.kind), let ns = w.metadata.namespace else {
                    continue
                }
                workloads["\(ns)/\(w.metadata.name)"] = Workload(
                    kind: w.kind, replicas: max(1, min(w.spec?.replicas ?? 1, 100)),
                    labels: Self.valid(w.spec?.template?.metadata?.labels))
            case .networkSet(let s):
                let nets = (s.spec.nets ?? []).filter { CIDR($0) != nil }
                networkSets["\(s.namespace ?? "")/\(s.name)"] = (nets, Self.valid(s.metadata.labels))
            default:
                continue
            }
        }
    }

    /// Labels whose keys and values Kubernetes would accept.
    static func valid(_ labels: [String: String]?) -> [String: String] {
        (labels ?? [:]).filter {
            KubernetesName.isValid($0.key, as: .labelKey) && KubernetesName.isValid($0.value, as: .labelValue)
        }
    }
}
