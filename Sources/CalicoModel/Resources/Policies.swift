/// A policy direction (`types` entry).
public enum PolicyType: String, Codable, Sendable, Hashable, CaseIterable {
    case ingress = "Ingress"
    case egress = "Egress"
}

/// `stagedAction` of a staged policy.
public enum StagedAction: String, Codable, Sendable, Hashable, CaseIterable {
    case set = "Set"
    case delete = "Delete"
    case learn = "Learn"
    case ignore = "Ignore"
}

/// The spec shared by Calico `NetworkPolicy`, `GlobalNetworkPolicy` and their staged variants.
///
/// Global-only fields (`namespaceSelector`, `doNotTrack`, `preDNAT`, `applyOnForward`) are nil for
/// namespaced kinds; `stagedAction` is nil for enforced kinds.
public struct PolicySpec: Codable, Hashable, Sendable {
    public var stagedAction: StagedAction?
    public var tier: String?
    public var order: PolicyOrder?
    public var selector: String?
    public var namespaceSelector: String?
    public var serviceAccountSelector: String?
    public var types: [PolicyType]?
    public var egress: [Rule]?
    public var ingress: [Rule]?
    public var doNotTrack: Bool?
    public var preDNAT: Bool?
    public var applyOnForward: Bool?
    public var performanceHints: [String]?

    public init(
        stagedAction: StagedAction? = nil, tier: String? = nil, order: PolicyOrder? = nil, selector: String? = nil,
        namespaceSelector: String? = nil, types: [PolicyType]? = nil, egress: [Rule]? = nil, ingress: [Rule]? = nil
    ) {
        self.stagedAction = stagedAction; self.tier = tier; self.order = order; self.selector = selector
        self.namespaceSelector = namespaceSelector; self.types = types; self.egress = egress; self.ingress = ingress
    }

    /// Tier name, defaulting to `default` as the API does.
    public var tierName: String { tier.flatMap { $0.isEmpty ? nil : $0 } ?? "default" }

    /// `types` as the API defaults it when absent: egress rules present ⇒ `[Egress]` (plus `Ingress` if any
    /// ingress rules), otherwise `[Ingress]`.
    public var effectiveTypes: [PolicyType] {
        if let t = types, !t.isEmpty { return t }
        let hasEgress = !(egress ?? []).isEmpty, hasIngress = !(ingress ?? []).isEmpty
        if hasEgress && hasIngress { return [.ingress, .egress] }
        return hasEgress ? [.egress] : [.ingress]
    }

    public func rules(_ direction: PolicyType) -> [Rule] { (direction == .ingress ? ingress : egress) ?? [] }

    enum CodingKeys: String, CodingKey {
        case stagedAction, tier, order, selector, namespaceSelector, serviceAccountSelector, types, egress, ingress,
            doNotTrack, preDNAT, applyOnForward, performanceHints
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(stagedAction, forKey: .stagedAction)
        try c.encodeIfPresent(tier, forKey: .tier)
        try c.encodeIfPresent(order, forKey: .order)
        try c.encodeIfPresent(selector, forKey: .selector)
        try c.encodeIfPresent(namespaceSelector, forKey: .namespaceSelector)
        try c.encodeIfPresent(serviceAccountSelector, forKey: .serviceAccountSelector)
        try c.encodeIfPresent(types, forKey: .types)
        if let e = egress, !e.isEmpty { try c.encode(e, forKey: .egress) }
        if let i = ingress, !i.isEmpty { try c.encode(i, forKey: .ingress) }
        try c.encodeIfPresent(doNotTrack, forKey: .doNotTrack)
        try c.encodeIfPresent(preDNAT, forKey: .preDNAT)
        try c.encodeIfPresent(applyOnForward, forKey: .applyOnForward)
        try c.encodeIfPresent(performanceHints, forKey: .performanceHints)
    }
}

/// The Calico policy kinds, with the short names flow logs use (SPEC §3.3).
public enum PolicyKind: String, Codable, Sendable, Hashable, CaseIterable {
    case networkPolicy = "NetworkPolicy"
    case globalNetworkPolicy = "GlobalNetworkPolicy"
    case stagedNetworkPolicy = "StagedNetworkPolicy"
    case stagedGlobalNetworkPolicy = "StagedGlobalNetworkPolicy"
    case stagedKubernetesNetworkPolicy = "StagedKubernetesNetworkPolicy"
    case kubernetesNetworkPolicy = "KubernetesNetworkPolicy"

    /// Modern flow-log short name (`np`, `gnp`, `snp`, `sgnp`, `sknp`, `knp`).
    public var shortName: String {
        switch self {
        case .networkPolicy: return "np"
        case .globalNetworkPolicy: return "gnp"
        case .stagedNetworkPolicy: return "snp"
        case .stagedGlobalNetworkPolicy: return "sgnp"
        case .stagedKubernetesNetworkPolicy: return "sknp"
        case .kubernetesNetworkPolicy: return "knp"
        }
    }

    public var isStaged: Bool {
        [.stagedNetworkPolicy, .stagedGlobalNetworkPolicy, .stagedKubernetesNetworkPolicy].contains(self)
    }
    public var isNamespaced: Bool { ![.globalNetworkPolicy, .stagedGlobalNetworkPolicy].contains(self) }
    public var isKubernetes: Bool { self == .kubernetesNetworkPolicy || self == .stagedKubernetesNetworkPolicy }
}

/// A Calico policy resource of any of the four Calico-shaped kinds (`NetworkPolicy`, `GlobalNetworkPolicy`,
/// `StagedNetworkPolicy`, `StagedGlobalNetworkPolicy`).
public struct CalicoPolicy: Hashable, Sendable {
    public var kind: PolicyKind
    public var metadata: ObjectMeta
    public var spec: PolicySpec

    public init(kind: PolicyKind, metadata: ObjectMeta, spec: PolicySpec) {
        precondition(!kind.isKubernetes, "CalicoPolicy holds Calico-shaped kinds; use KubernetesNetworkPolicy")
        self.kind = kind; self.metadata = metadata; self.spec = spec
    }

    public var name: String { metadata.name }
    public var namespace: String? { kind.isNamespaced ? (metadata.namespace ?? "default") : nil }
}
