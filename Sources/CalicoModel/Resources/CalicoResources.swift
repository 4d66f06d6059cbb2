/// A tier's default action at the end of the tier.
public enum TierDefaultAction: String, Codable, Sendable, Hashable {
    case deny = "Deny"
    case pass = "Pass"
}

/// A Calico `Tier`.
public struct Tier: Codable, Hashable, Sendable {
    public struct Spec: Codable, Hashable, Sendable {
        public var order: PolicyOrder?
        public var defaultAction: TierDefaultAction?
        public init(order: PolicyOrder? = nil, defaultAction: TierDefaultAction? = nil) {
            self.order = order; self.defaultAction = defaultAction
        }
    }
    public var metadata: ObjectMeta
    public var spec: Spec
    public init(name: String, order: Double?, defaultAction: TierDefaultAction? = nil) {
        metadata = ObjectMeta(name: name)
        spec = Spec(order: order.map { PolicyOrder($0) }, defaultAction: defaultAction)
    }
    public init(metadata: ObjectMeta, spec: Spec) { self.metadata = metadata; self.spec = spec }
    public var name: String { metadata.name }
    /// `defaultAction`, defaulting to `Deny` as the API does.
    public var effectiveDefaultAction: TierDefaultAction { spec.defaultAction ?? .deny }
}

/// A Calico `NetworkSet` (namespaced) or `GlobalNetworkSet` (`namespace == nil`).
public struct NetworkSet: Hashable, Sendable {
    public struct Spec: Codable, Hashable, Sendable {
        public var nets: [String]?
        public var allowedEgressDomains: [String]?
        public init(nets: [String]? = nil, allowedEgressDomains: [String]? = nil) {
            self.nets = nets; self.allowedEgressDomains = allowedEgressDomains
        }
    }
    public var metadata: ObjectMeta
    public var spec: Spec
    public var isGlobal: Bool

    public init(metadata: ObjectMeta, spec: Spec, isGlobal: Bool) {
        self.metadata = metadata; self.spec = spec; self.isGlobal = isGlobal
    }
    public var name: String { metadata.name }
    public var namespace: String? { isGlobal ? nil : (metadata.namespace ?? "default") }
    public var kind: String { isGlobal ? "GlobalNetworkSet" : "NetworkSet" }
}

/// `PolicyRecommendationScope` (SPEC §1).
public struct PolicyRecommendationScope: Codable, Hashable, Sendable {
    public enum RecStatus: String, Codable, Sendable, Hashable {
        case enabled = "Enabled"
        case disabled = "Disabled"
    }
    public struct NamespaceSpec: Codable, Hashable, Sendable {
        public var recStatus: RecStatus?
        public var selector: String
        public var intraNamespacePassThroughTraffic: Bool?
        public var tierName: String?
        public init(
            recStatus: RecStatus? = nil, selector: String, intraNamespacePassThroughTraffic: Bool? = nil,
            tierName: String? = nil
        ) {
            self.recStatus = recStatus; self.selector = selector
            self.intraNamespacePassThroughTraffic = intraNamespacePassThroughTraffic; self.tierName = tierName
        }
    }
    public struct HostEndpointSpec: Codable, Hashable, Sendable {
        public var recommendationStatus: RecStatus?
        public var selector: String
        public var tierName: String?
    }
    public struct Spec: Codable, Hashable, Sendable {
        /// Go duration strings (`150s`, `2m30s`), as the API stores them.
        public var interval: String?
        public var initialLookback: String?
        public var stabilizationPeriod: String?
        public var maxRules: Int?
        public var policiesLearningCutOff: Int?
        public var namespaceSpec: NamespaceSpec?
        public var hostEndpointSpec: HostEndpointSpec?
        public init(
            interval: String? = nil, initialLookback: String? = nil, stabilizationPeriod: String? = nil,
            maxRules: Int? = nil, policiesLearningCutOff: Int? = nil, namespaceSpec: NamespaceSpec? = nil
        ) {
            self.interval = interval; self.initialLookback = initialLookback;
            self.stabilizationPeriod = stabilizationPeriod
            self.maxRules = maxRules; self.policiesLearningCutOff = policiesLearningCutOff;
            self.namespaceSpec = namespaceSpec
        }
    }
    public var metadata: ObjectMeta
    public var spec: Spec
    public init(metadata: ObjectMeta = ObjectMeta(name: "default"), spec: Spec) {
        self.metadata = metadata; self.spec = spec
    }
}

/// A Calico `HostEndpoint` (the fields the evaluator uses).
public struct HostEndpoint: Codable, Hashable, Sendable {
    public struct Spec: Codable, Hashable, Sendable {
        public var node: String?
        public var interfaceName: String?
        public var expectedIPs: [String]?
        public var profiles: [String]?
    }
    public var metadata: ObjectMeta
    public var spec: Spec
}
