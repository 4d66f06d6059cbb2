import CalicoModel
import Scenario
import TrafficGeneration

/// A scenario's cluster as the inventory file that replay (`recommend --flows --cluster`) and `evaluate --cluster`
/// read: Kubernetes and Calico resources, one YAML document each (format: docs/scenarios.md, "Cluster files").
///
/// Everything the scenario declares is listed, including namespaces and workloads that appear only later in the
/// scenario: a flow-log export covers the whole period, so its inventory does too.
public enum ClusterExport {
    /// The resources in a fixed order: namespaces, tiers, workloads, services, network sets, Calico policies,
    /// Kubernetes policies; each group in scenario order.
    public static func resources(of cluster: Cluster) -> [Resource] {
        var out: [Resource] = cluster.namespaces.map { .namespace($0) }
        out += cluster.tiers.map { .tier($0) }
        out += cluster.workloads.map { .workload(controller($0.spec)) }
        out += cluster.services.map { .service(service($0)) }
        out += cluster.networkSets.map { .networkSet($0) }
        out += cluster.policies.map { .policy($0) }
        out += cluster.kubernetesPolicies.map { .kubernetesPolicy($0) }
        return out
    }

    /// The inventory as `kubectl apply`-able YAML documents.
    public static func yaml(of cluster: Cluster) throws -> String {
        try ResourceYAML.encode(resources(of: cluster))
    }

    static func controller(_ w: WorkloadSpec) -> WorkloadController {
        let kind: String
        switch w.kind {
        case .deployment: kind = "Deployment"
        case .statefulSet: kind = "StatefulSet"
        case .daemonSet: kind = "DaemonSet"
        }
        let container = PodSpecSummary.Container(name: w.name, ports: w.ports.isEmpty ? nil : w.ports)
        let template = WorkloadController.Template(
            metadata: ObjectMeta(name: "", labels: w.labels.isEmpty ? nil : w.labels),
            spec: PodSpecSummary(serviceAccountName: w.serviceAccount, containers: [container], hostNetwork: nil))
        return WorkloadController(
            kind: kind, metadata: ObjectMeta(name: w.name, namespace: w.namespace),
            spec: WorkloadController.Spec(
                replicas: w.kind == .daemonSet ? nil : w.replicas,
                selector: LabelSelector(matchLabels: w.labels), template: template))
    }

    static func service(_ s: ClusterService) -> Service {
        let ports = s.spec.ports.map {
            Service.ServicePort(name: $0.name, port: $0.port, targetPort: $0.targetPort, protocol: "\($0.protocol)")
        }
        return Service(
            metadata: ObjectMeta(name: s.spec.name, namespace: s.spec.namespace),
            spec: Service.Spec(selector: s.spec.selector, ports: ports, clusterIP: "\(s.clusterIP)"))
    }
}
