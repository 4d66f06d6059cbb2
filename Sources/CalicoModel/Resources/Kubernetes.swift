/// Kubernetes `metav1.LabelSelector`.
public struct LabelSelector: Codable, Hashable, Sendable {
    public struct Requirement: Codable, Hashable, Sendable {
        public enum Operator: String, Codable, Sendable {
            case `in` = "In"
            case notIn = "NotIn"
            case exists = "Exists"
            case doesNotExist = "DoesNotExist"
        }
        public var key: String
        public var `operator`: Operator
        public var values: [String]?
    }
    public var matchLabels: [String: String]?
    public var matchExpressions: [Requirement]?

    public init(matchLabels: [String: String]? = nil, matchExpressions: [Requirement]? = nil) {
        self.matchLabels = matchLabels; self.matchExpressions = matchExpressions
    }

    /// Decodes and validates as the Kubernetes API server does: every key a label key, every value (of
    /// `matchLabels` and of `In`/`NotIn` requirements) a label value. A YAML key such as `&x:` (an anchor on an
    /// empty key) is an empty label key, and refused here rather than turned into a selector later.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        matchLabels = try c.decodeIfPresent([String: String].self, forKey: .matchLabels)
        matchExpressions = try c.decodeIfPresent([Requirement].self, forKey: .matchExpressions)
        func invalid(_ path: [any CodingKey], _ problem: String) -> DecodingError {
            .dataCorrupted(DecodingError.Context(codingPath: c.codingPath + path, debugDescription: problem))
        }
        for (key, value) in (matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let problem = KubernetesName.problem(key, as: .labelKey)
                ?? KubernetesName.problem(value, as: .labelValue)
            {
                throw invalid([CodingKeys.matchLabels, PathKey(key)], problem)
            }
        }
        for (i, requirement) in (matchExpressions ?? []).enumerated() {
            if let problem = KubernetesName.problem(requirement.key, as: .labelKey) {
                throw invalid([CodingKeys.matchExpressions, PathKey(i), PathKey("key")], problem)
            }
            for (j, value) in (requirement.values ?? []).enumerated() {
                if let problem = KubernetesName.problem(value, as: .labelValue) {
                    throw invalid([CodingKeys.matchExpressions, PathKey(i), PathKey("values"), PathKey(j)], problem)
                }
            }
        }
    }

    /// A step of a field path in an error.
    struct PathKey: CodingKey {
        var stringValue: String
        var intValue: Int?
        init(_ name: String) { stringValue = name }
        init(_ index: Int) { stringValue = String(index); intValue = index }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { self.init(intValue) }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeSortedIfPresent(matchLabels, forKey: .matchLabels)
        try c.encodeIfPresent(matchExpressions, forKey: .matchExpressions)
    }
    enum CodingKeys: String, CodingKey { case matchLabels, matchExpressions }

    /// True when the selector selects everything (`{}`).
    public var isEmpty: Bool { (matchLabels ?? [:]).isEmpty && (matchExpressions ?? []).isEmpty }
}

/// Kubernetes `networking.k8s.io/v1` NetworkPolicy spec (also the spec shape of `StagedKubernetesNetworkPolicy`).
public struct KubernetesNetworkPolicySpec: Codable, Hashable, Sendable {
    public struct IPBlock: Codable, Hashable, Sendable { public var cidr: String; public var except: [String]? }
    public struct Peer: Codable, Hashable, Sendable {
        public var podSelector: LabelSelector?
        public var namespaceSelector: LabelSelector?
        public var ipBlock: IPBlock?
    }
    /// `port` is an int-or-string; `endPort` makes it a range.
    public struct PolicyPort: Codable, Hashable, Sendable {
        public var `protocol`: String?
        public var port: Port?
        public var endPort: UInt16?
    }
    public struct IngressRule: Codable, Hashable, Sendable { public var from: [Peer]?; public var ports: [PolicyPort]? }
    public struct EgressRule: Codable, Hashable, Sendable { public var to: [Peer]?; public var ports: [PolicyPort]? }

    public var stagedAction: StagedAction?
    public var podSelector: LabelSelector
    public var ingress: [IngressRule]?
    public var egress: [EgressRule]?
    public var policyTypes: [PolicyType]?

    /// `policyTypes` as Kubernetes defaults it: Ingress always, plus Egress when egress rules exist.
    public var effectiveTypes: [PolicyType] {
        if let t = policyTypes, !t.isEmpty { return t }
        return (egress ?? []).isEmpty ? [.ingress] : [.ingress, .egress]
    }

    enum CodingKeys: String, CodingKey { case stagedAction, podSelector, ingress, egress, policyTypes }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        stagedAction = try c.decodeIfPresent(StagedAction.self, forKey: .stagedAction)
        podSelector = try c.decodeIfPresent(LabelSelector.self, forKey: .podSelector) ?? LabelSelector()
        ingress = try c.decodeIfPresent([IngressRule].self, forKey: .ingress)
        egress = try c.decodeIfPresent([EgressRule].self, forKey: .egress)
        policyTypes = try c.decodeIfPresent([PolicyType].self, forKey: .policyTypes)
    }
}

/// A Kubernetes NetworkPolicy, or a Calico StagedKubernetesNetworkPolicy (`staged == true`).
public struct KubernetesNetworkPolicy: Hashable, Sendable {
    public var metadata: ObjectMeta
    public var spec: KubernetesNetworkPolicySpec
    public var staged: Bool
    public var kind: PolicyKind { staged ? .stagedKubernetesNetworkPolicy : .kubernetesNetworkPolicy }
    public var namespace: String { metadata.namespace ?? "default" }
}

/// A Kubernetes Namespace.
public struct Namespace: Codable, Hashable, Sendable {
    public var metadata: ObjectMeta
    public init(name: String, labels: [String: String] = [:]) { metadata = ObjectMeta(name: name, labels: labels) }
    public var name: String { metadata.name }
    /// Labels including the `kubernetes.io/metadata.name` label Kubernetes adds to every namespace.
    public var effectiveLabels: [String: String] {
        var l = metadata.labels ?? [:]
        l["kubernetes.io/metadata.name"] = metadata.name
        return l
    }
}

/// A container port of a pod (for named ports).
public struct ContainerPort: Codable, Hashable, Sendable {
    public var name: String?
    public var containerPort: UInt16
    public var `protocol`: String?
    public init(name: String? = nil, containerPort: UInt16, protocol: String? = nil) {
        self.name = name; self.containerPort = containerPort; self.protocol = `protocol`
    }
}

/// The pod template fields recsim reads: labels, service account, container ports, IP.
public struct PodSpecSummary: Codable, Hashable, Sendable {
    public struct Container: Codable, Hashable, Sendable {
        public var name: String?
        public var ports: [ContainerPort]?
        public init(name: String? = nil, ports: [ContainerPort]? = nil) { self.name = name; self.ports = ports }
    }
    public var serviceAccountName: String?
    public var containers: [Container]?
    public var hostNetwork: Bool?
    public init(serviceAccountName: String? = nil, containers: [Container]? = nil, hostNetwork: Bool? = nil) {
        self.serviceAccountName = serviceAccountName; self.containers = containers; self.hostNetwork = hostNetwork
    }
}

/// A Kubernetes Pod.
public struct Pod: Codable, Hashable, Sendable {
    public struct Status: Codable, Hashable, Sendable { public var podIP: String? }
    public var metadata: ObjectMeta
    public var spec: PodSpecSummary?
    public var status: Status?
}

/// A pod controller (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, ReplicationController): its pod template.
public struct WorkloadController: Codable, Hashable, Sendable {
    public struct Template: Codable, Hashable, Sendable {
        public var metadata: ObjectMeta?
        public var spec: PodSpecSummary?
        public init(metadata: ObjectMeta? = nil, spec: PodSpecSummary? = nil) {
            self.metadata = metadata; self.spec = spec
        }
    }
    public struct Spec: Codable, Hashable, Sendable {
        public var replicas: Int?
        public var selector: LabelSelector?
        public var template: Template?
        public init(replicas: Int? = nil, selector: LabelSelector? = nil, template: Template? = nil) {
            self.replicas = replicas; self.selector = selector; self.template = template
        }
    }
    public var kind: String = "Deployment"
    public var metadata: ObjectMeta
    public var spec: Spec?
    public init(kind: String, metadata: ObjectMeta, spec: Spec?) {
        self.kind = kind; self.metadata = metadata; self.spec = spec
    }
    enum CodingKeys: String, CodingKey { case metadata, spec }
}

/// A Kubernetes Service (v1).
public struct Service: Codable, Hashable, Sendable {
    public struct ServicePort: Codable, Hashable, Sendable {
        public var name: String?
        public var port: UInt16
        public var targetPort: Port?
        public var `protocol`: String?
        public init(name: String? = nil, port: UInt16, targetPort: Port? = nil, protocol: String? = nil) {
            self.name = name; self.port = port; self.targetPort = targetPort; self.protocol = `protocol`
        }
    }
    public struct Spec: Codable, Hashable, Sendable {
        public var selector: [String: String]?
        public var ports: [ServicePort]?
        public var clusterIP: String?
        public init(selector: [String: String]? = nil, ports: [ServicePort]? = nil, clusterIP: String? = nil) {
            self.selector = selector; self.ports = ports; self.clusterIP = clusterIP
        }
        enum CodingKeys: String, CodingKey { case selector, ports, clusterIP }
        /// Selector keys in sorted order, so the YAML is the same in every run.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeSortedIfPresent(selector, forKey: .selector)
            try c.encodeIfPresent(ports, forKey: .ports)
            try c.encodeIfPresent(clusterIP, forKey: .clusterIP)
        }
    }
    public var metadata: ObjectMeta
    public var spec: Spec
    public init(metadata: ObjectMeta, spec: Spec) { self.metadata = metadata; self.spec = spec }
}
