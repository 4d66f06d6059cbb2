import CalicoModel
import Simulation

/// Label and annotation keys, scope values and fixed names the engine writes (SPEC §2.7, §2.9).
///
/// Values are those of Calico Enterprise's `calico-resources/stagednetworkpolicy.go`.
public enum RecommendationKeys {
    /// The tier every recommendation lives in. `namespaceSpec.tierName` is ignored, as in the engine.
    public static let tierName = "namespace-isolation"
    /// Order of the tier the engine creates with the first recommendation (`tierOrder = 10000`).
    public static let tierOrder = 10_000.0
    /// The only scope object the engine acts on.
    public static let scopeName = "default"
    public static let scopeKind = "PolicyRecommendationScope"

    public static let lastUpdated = "policyrecommendation.tigera.io/lastUpdated"
    public static let name = "policyrecommendation.tigera.io/name"
    public static let namespace = "policyrecommendation.tigera.io/namespace"
    public static let scope = "policyrecommendation.tigera.io/scope"
    public static let status = "policyrecommendation.tigera.io/status"
    public static let warnings = "policyrecommendation.tigera.io/warnings"
    public static let stagedActionLabel = "projectcalico.org/spec.stagedAction"
    public static let tierLabel = "projectcalico.org/tier"
    public static let ownerKindLabel = "projectcalico.org/ownerReference.kind"
    /// Value of the `policyrecommendation.tigera.io/scope` *label* of the policy. The docs call `…/scope`,
    /// `…/name` and `…/namespace` policy annotations; in the code `…/scope` is this label and the others are
    /// rule annotations (SPEC §2.14 quirk 5).
    public static let namespaceScopeLabelValue = "namespace"
    /// Value of `…/warnings` on every Namespace rule.
    public static let nonServiceTypeWarning = "NonServicePortsAndProtocol"
    /// The RFC 1918 blocks of a Private rule, in Calico's order.
    public static let privateNets = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
    /// The pseudo-label the namespace selector is evaluated against (SPEC §2.3).
    public static let namespaceNameLabel = "projectcalico.org/name"
}

/// The category a generated rule belongs to: the `policyrecommendation.tigera.io/scope` rule annotation.
///
/// The case order is the block order of rules inside a policy (SPEC §2.8); `domainSet` is only produced by
/// the spec-intended `maxRules` contraction and takes the place of the `domains` block.
public enum RuleScope: String, Sendable, Hashable, CaseIterable {
    case domains = "Domains"
    case domainSet = "DomainSet"
    case service = "Service"
    case namespace = "Namespace"
    case networkSet = "NetworkSet"
    case `private` = "Private"
    case `public` = "Public"
}

/// Naming helpers of the engine.
public enum RecommendationNaming {
    /// Kubernetes' `DNS1123LabelMaxLength`.
    public static let maxNameLength = 63

    /// `GenerateRecommendationName(tier, namespace, suffix)`: `<tier>.<namespace>` cut to
    /// `63 - (len(suffix) + 1)` bytes, then `-<suffix>` (SPEC §2.9).
    public static func recommendationName(
        tier: String = RecommendationKeys.tierName, namespace: String, suffix: String
    ) -> String {
        let max = maxNameLength - (suffix.utf8.count + 1)
        var policy = "\(tier).\(namespace)"
        if policy.utf8.count > max { policy = String(decoding: policy.utf8.prefix(max), as: UTF8.self) }
        return "\(policy)-\(suffix)"
    }

    /// `hashutils.GetLengthLimitedName(name, 63)`: names longer than the limit become
    /// `name[:55] + "-" + lower(base32hex(sha256(name)))[0:7]` (SPEC §2.7). Used for the implicit
    /// `projectcalico.org/name` label of NetworkSets, which NetworkSet rules select.
    public static func lengthLimitedName(_ name: String, maxLength: Int = maxNameLength) -> String {
        guard name.utf8.count > maxLength else { return name }
        let hashChars = 8
        let hash = BaseEncoding.base32Hex(SHA2.hash(name)).lowercased()
        let prefix = String(decoding: name.utf8.prefix(maxLength - hashChars), as: UTF8.self)
        return prefix + "-" + String(hash.prefix(hashChars - 1))
    }
}
