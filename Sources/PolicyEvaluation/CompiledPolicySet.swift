import CalicoModel

/// The immutable, compiled form of a `PolicySet`, plus the identity cache that goes with it.
final class CompiledPolicySet: Sendable {
    /// Tiers sorted by order (nil = +inf), then name; always includes `default`.
    let tiers: [CompiledTier]
    /// Policies sorted for the walk: tier position, then order, then `<name>/<namespace>/<kind>`.
    /// `stagedAction: Delete` policies are not here at all.
    let policies: [CompiledPolicy]
    /// Every rule of every policy, and the values rules refer to.
    let tables: RuleTables
    /// Namespace labels as selectors see them (`kubernetes.io/metadata.name`, `projectcalico.org/name`, own labels).
    private let namespaces: [String: Labels]
    let cache = IdentityCache()

    static let defaultTier = CompiledTier(name: "default", order: 1_000_000, defaultAction: .deny)

    init(
        tiers: [Tier], policies: [CalicoPolicy], kubernetesPolicies: [KubernetesNetworkPolicy], namespaces: [Namespace],
        services: [Service]
    ) throws(PolicySetError) {
        var compiledTiers: [CompiledTier] = []
        var seen = Set<String>()
        for t in tiers {
            guard seen.insert(t.name).inserted else {
                throw PolicySetError(policy: "Tier \(t.name)", field: "metadata.name", message: "duplicate tier")
            }
            if t.name == "default" { continue }  // fixed: order 1,000,000, Deny
            compiledTiers.append(
                CompiledTier(
                    name: t.name, order: t.spec.order?.value ?? .infinity, defaultAction: t.effectiveDefaultAction))
        }
        compiledTiers.append(CompiledPolicySet.defaultTier)
        compiledTiers.sort { ($0.order, $0.name) < ($1.order, $1.name) }
        var tierIndex: [String: Int] = [:]
        for (i, t) in compiledTiers.enumerated() { tierIndex[t.name] = i }

        var compiler = PolicyCompiler(services: services)
        var compiled: [CompiledPolicy] = []
        for p in policies where p.spec.stagedAction != .delete || !p.kind.isStaged {
            let what = "\(p.kind.rawValue) \(p.namespace.map { "\($0)/" } ?? "")\(p.name)"
            guard let ti = tierIndex[p.spec.tierName] else {
                throw PolicySetError(
                    policy: what, field: "spec.tier", message: "tier \"\(p.spec.tierName)\" does not exist")
            }
            compiled.append(
                try compiler.compile(
                    kind: p.kind, name: p.name, namespace: p.namespace, spec: p.spec,
                    tierIndex: ti, tierName: p.spec.tierName, what: what))
        }
        for k in kubernetesPolicies where !(k.staged && k.spec.stagedAction == .delete) {
            let what = "\(Resource.kubernetesPolicy(k).kind) \(k.namespace)/\(k.metadata.name)"
            let spec = try KubernetesPolicyConversion.calicoSpec(of: k)
            compiled.append(
                try compiler.compile(
                    kind: k.kind, name: k.metadata.name, namespace: k.namespace, spec: spec,
                    tierIndex: tierIndex["default"]!, tierName: "default", what: what))
        }
        compiled.sort { ($0.tierIndex, $0.order, $0.sortKey) < ($1.tierIndex, $1.order, $1.sortKey) }
        self.tiers = compiledTiers
        self.policies = compiled
        self.tables = RuleTables(compiler.tables)

        var nsLabels: [String: Labels] = [:]
        for n in namespaces {
            var l = n.effectiveLabels
            l["projectcalico.org/name"] = n.name
            nsLabels[n.name] = l
        }
        self.namespaces = nsLabels
    }

    /// Labels of a namespace; an unknown namespace has only its name labels.
    func namespaceLabels(_ name: String) -> Labels {
        namespaces[name] ?? ["kubernetes.io/metadata.name": name, "projectcalico.org/name": name]
    }

    /// The policies that select an endpoint in one direction.
    func plan(
        _ direction: PolicyType, endpoint e: FlowEndpoint, labels: Labels, namespaceView: Labels,
        serviceAccountLabels: Labels
    ) -> PolicyPlan {
        var plan = PolicyPlan()
        for (i, p) in policies.enumerated() where p.applies(to: direction) {
            switch p.namespaceScope.kind {
            case .namespace: if e.namespace != tables.strings[Int(p.namespaceScope.index)] { continue }
            case .namespaced: if e.namespace == nil { continue }
            case .selector: if !tables.selectors[Int(p.namespaceScope.index)].matches(namespaceView) { continue }
            case .any: break
            }
            if !p.selector.matches(labels) { continue }
            if let s = p.serviceAccountSelector, e.serviceAccount == nil || !s.matches(serviceAccountLabels) {
                continue
            }
            let rules = direction == .ingress ? p.ingress : p.egress
            let defaultPass = tiers[p.tierIndex].defaultAction == .pass
            plan.append(i, rules: rules, tier: p.tierIndex, defaultPass: defaultPass, staged: p.staged)
        }
        return plan
    }
}
