import CalicoModel

/// One end of a connection, as Calico sees it.
public struct FlowEndpoint: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A pod (workload endpoint); it reports flows and has policies applied.
        case workload
        /// A host endpoint; reports flows, has policies applied.
        case hostEndpoint
        /// An address inside a NetworkSet / GlobalNetworkSet (never reports).
        case networkSet
        /// An address outside the cluster and outside every network set: `pub` or `pvt` (never reports).
        case network
    }

    public var kind: Kind
    /// Pod name, host endpoint name, network-set name, or `pub`/`pvt`.
    public var name: String
    /// Flow-log aggregated name: `frontend-7d4b9c-*` for pods, else as `name`.
    public var aggregatedName: String
    /// Namespace of a pod or namespaced network set; nil for global entities and networks.
    public var namespace: String?
    /// The endpoint's own labels (pod labels; network-set labels).
    public var labels: Labels
    public var ip: IPAddress?
    /// Kubernetes service account of a pod.
    public var serviceAccount: String?
    /// Named container ports of a pod.
    public var namedPorts: [ContainerPort]
    /// Calico profiles of an endpoint that reports (k8s pods: `kns.<ns>`, `ksa.<ns>.<sa>`). Empty ⇒ no profile.
    public var profiles: [String]

    public init(
        kind: Kind, name: String, aggregatedName: String? = nil, namespace: String? = nil, labels: Labels = [:],
        ip: IPAddress? = nil, serviceAccount: String? = nil, namedPorts: [ContainerPort] = [], profiles: [String]? = nil
    ) {
        self.kind = kind; self.name = name; self.aggregatedName = aggregatedName ?? name; self.namespace = namespace
        self.labels = labels; self.ip = ip; self.serviceAccount = serviceAccount; self.namedPorts = namedPorts
        if let profiles {
            self.profiles = profiles
        } else if kind == .workload, let ns = namespace {
            self.profiles = ["kns.\(ns)", "ksa.\(ns).\(serviceAccount ?? "default")"]
        } else {
            self.profiles = []
        }
    }

    /// A pod.
    public static func workload(
        name: String, namespace: String, labels: Labels, ip: IPAddress? = nil,
        serviceAccount: String = "default", namedPorts: [ContainerPort] = [],
        aggregatedName: String? = nil
    ) -> FlowEndpoint {
        FlowEndpoint(
            kind: .workload, name: name, aggregatedName: aggregatedName, namespace: namespace, labels: labels,
            ip: ip, serviceAccount: serviceAccount, namedPorts: namedPorts)
    }

    /// An address that falls in a network set (`namespace == nil` for a GlobalNetworkSet).
    public static func networkSet(_ set: NetworkSet, ip: IPAddress?) -> FlowEndpoint {
        var labels = set.metadata.labels ?? [:]
        labels["projectcalico.org/kind"] = "NetworkSet"
        labels["projectcalico.org/name"] = set.name
        if let ns = set.namespace { labels["projectcalico.org/namespace"] = ns }
        return FlowEndpoint(
            kind: .networkSet, name: set.name, namespace: set.namespace, labels: labels, ip: ip, profiles: [])
    }

    /// An address outside the cluster: `pvt` when RFC 1918, else `pub`.
    public static func network(ip: IPAddress) -> FlowEndpoint {
        let n = ip.isPrivate ? "pvt" : "pub"
        return FlowEndpoint(kind: .network, name: n, ip: ip, profiles: [])
    }

    /// Flow-log `*_type`.
    public var flowLogType: EndpointType {
        switch kind {
        case .workload: return .wep
        case .hostEndpoint: return .hep
        case .networkSet: return .ns
        case .network: return .net
        }
    }

    /// Whether this endpoint reports flow logs and has policy applied (Calico endpoints).
    public var isCalicoEndpoint: Bool { kind == .workload || kind == .hostEndpoint }
}
