/// The action recorded in a policy hit.
public enum HitAction: String, Sendable, Hashable, Codable {
    case allow, deny, pass
    case eotDeny = "eot-deny"
    case unknown
}

/// What a policy-hit entry refers to (SPEC §3.3 kinds, plus profiles).
public enum HitKind: String, Sendable, Hashable, Codable {
    case networkPolicy = "np"
    case globalNetworkPolicy = "gnp"
    case stagedNetworkPolicy = "snp"
    case stagedGlobalNetworkPolicy = "sgnp"
    case stagedKubernetesNetworkPolicy = "sknp"
    case kubernetesNetworkPolicy = "knp"
    case kubernetesClusterNetworkPolicy = "kcnp"
    case kubernetesAdminNetworkPolicy = "kanp"
    case kubernetesBaselineAdminNetworkPolicy = "kbanp"
    case profile = "pro"

    public init(_ kind: PolicyKind) {
        switch kind {
        case .networkPolicy: self = .networkPolicy
        case .globalNetworkPolicy: self = .globalNetworkPolicy
        case .stagedNetworkPolicy: self = .stagedNetworkPolicy
        case .stagedGlobalNetworkPolicy: self = .stagedGlobalNetworkPolicy
        case .stagedKubernetesNetworkPolicy: self = .stagedKubernetesNetworkPolicy
        case .kubernetesNetworkPolicy: self = .kubernetesNetworkPolicy
        }
    }

    public var isStaged: Bool {
        [.stagedNetworkPolicy, .stagedGlobalNetworkPolicy, .stagedKubernetesNetworkPolicy].contains(self)
    }
    public var isNamespaced: Bool {
        [.networkPolicy, .stagedNetworkPolicy, .stagedKubernetesNetworkPolicy, .kubernetesNetworkPolicy].contains(self)
    }
}

/// One entry of a flow log's `policies.*` list: `index|tier|name part|action|rule index`.
public struct PolicyHit: Hashable, Sendable {
    public static let profileTier = "__PROFILE__"

    public var index: Int
    public var tier: String
    public var kind: HitKind?
    public var namespace: String?
    /// Policy name as stored (for tiered Calico policies usually `tier.name`), or the profile name (`kns.<ns>`).
    public var name: String
    public var action: HitAction
    /// Matched rule index; -1 for end-of-tier (or no profile), -2 unknown, nil when not recorded (`-`).
    public var ruleIndex: Int?

    public init(
        index: Int, tier: String, kind: HitKind?, namespace: String?, name: String, action: HitAction, ruleIndex: Int?
    ) {
        self.index = index; self.tier = tier; self.kind = kind; self.namespace = namespace; self.name = name
        self.action = action; self.ruleIndex = ruleIndex
    }

    /// A profile hit (`pro:kns.<ns>`), the mark of traffic no policy tier decided.
    public var isProfile: Bool { tier == PolicyHit.profileTier }

    /// Renders the hit string in the modern (`snp:ns/name`) or legacy (`ns/tier.staged:name`) format.
    public func formatted(legacy: Bool = false) -> String {
        let rule = ruleIndex.map(String.init) ?? "-"
        return "\(index)|\(tier)|\(legacy ? legacyNamePart : modernNamePart)|\(action.rawValue)|\(rule)"
    }

    public var modernNamePart: String {
        guard let kind else { return name }
        if let ns = namespace, kind.isNamespaced { return "\(kind.rawValue):\(ns)/\(name)" }
        return "\(kind.rawValue):\(name)"
    }

    /// Legacy name part (SPEC §3.3 table). Calico names tiered policies `<tier>.<name>`; the legacy format
    /// inserts `staged:` after that tier prefix.
    public var legacyNamePart: String {
        guard let kind else { return "__NO_MATCH__" }
        let prefix = tier + "."
        let bare = name.hasPrefix(prefix) ? String(name.dropFirst(prefix.count)) : name
        let ns = namespace ?? "default"
        switch kind {
        case .profile: return "__PROFILE__.\(name)"
        case .globalNetworkPolicy, .kubernetesClusterNetworkPolicy, .kubernetesAdminNetworkPolicy,
            .kubernetesBaselineAdminNetworkPolicy:
            return "\(tier).\(bare)"
        case .stagedGlobalNetworkPolicy: return "\(tier).staged:\(bare)"
        case .networkPolicy: return "\(ns)/\(tier).\(bare)"
        case .stagedNetworkPolicy: return "\(ns)/\(tier).staged:\(bare)"
        case .kubernetesNetworkPolicy: return "\(ns)/knp.default.\(bare)"
        case .stagedKubernetesNetworkPolicy: return "\(ns)/staged:knp.default.\(bare)"
        }
    }

    /// Parses a hit string in either format (5 fields, or the old 4-field form without a rule index).
    public init?(parsing text: String) {
        let f = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 5 || f.count == 4, let idx = Int(f[0]) else { return nil }
        index = idx
        tier = f[1]
        guard let act = HitAction(rawValue: f[3]) else { return nil }
        action = act
        if f.count == 5 {
            if f[4] == "-" { ruleIndex = nil } else if let r = Int(f[4]) { ruleIndex = r } else { return nil }
        } else {
            ruleIndex = nil
        }
        let part = f[2]
        if let colon = part.firstIndex(of: ":"), let k = HitKind(rawValue: String(part[..<colon])) {
            kind = k
            let rest = String(part[part.index(after: colon)...])
            if k.isNamespaced, let slash = rest.firstIndex(of: "/") {
                namespace = String(rest[..<slash]); name = String(rest[rest.index(after: slash)...])
            } else {
                namespace = nil; name = rest
            }
            return
        }
        (kind, namespace, name) = PolicyHit.parseLegacy(part, tier: tier)
    }

    private static func parseLegacy(_ part: String, tier: String) -> (HitKind?, String?, String) {
        if part == "__NO_MATCH__" { return (nil, nil, part) }
        if part.hasPrefix("__PROFILE__.") { return (.profile, nil, String(part.dropFirst("__PROFILE__.".count))) }
        var ns: String? = nil
        var rest = part
        if let slash = part.firstIndex(of: "/") {
            ns = String(part[..<slash]); rest = String(part[part.index(after: slash)...])
        }
        if rest.hasPrefix("staged:knp.default.") {
            return (.stagedKubernetesNetworkPolicy, ns, String(rest.dropFirst("staged:knp.default.".count)))
        }
        if rest.hasPrefix("knp.default.") {
            return (.kubernetesNetworkPolicy, ns, String(rest.dropFirst("knp.default.".count)))
        }
        // `<tier>.staged:<name>` or `<tier>.<name>`; the stored name keeps the tier prefix unless it is `default`.
        var staged = false
        var bare = rest
        if let r = rest.range(of: ".staged:") {
            staged = true; bare = String(rest[r.upperBound...])
        } else if rest.hasPrefix("staged:") {
            return (ns == nil ? .stagedGlobalNetworkPolicy : .stagedNetworkPolicy, ns, String(rest.dropFirst(7)))
        } else if rest.hasPrefix(tier + ".") {
            bare = String(rest.dropFirst(tier.count + 1))
        }
        let name = tier == "default" ? bare : "\(tier).\(bare)"
        let kind: HitKind =
            ns == nil
            ? (staged ? .stagedGlobalNetworkPolicy : .globalNetworkPolicy)
            : (staged ? .stagedNetworkPolicy : .networkPolicy)
        return (kind, ns, name)
    }
}
