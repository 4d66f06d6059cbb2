import CalicoModel

/// The immutable, compiled form of a `PolicySet`, plus the identity cache that goes with it.
final class CompiledPolicySet: Sendable {
    /// Tiers sorted by order (nil = +inf), then name; always includes `default`.
    let tiers: [CompiledTier]
    /// Policies sorted for the walk: tier position, then order, then `<name>/<namespace>/<kind>`.
    /// `stagedAction: Delete` policies are not here at all.
    let policies: [CompiledPolicy]
    /// Namespace labels as selectors see them (`kubernetes.io/metadata.name`, `projectcalico.org/name`, own labels).
    private let namespaces: [String: Labels]
    let cache = IdentityCache()

    static let defaultTier = CompiledTier(name: "default", order: 1_000_000, defaultAction: .deny)

    init(tiers: [Tier], policies: [CalicoPolicy], kubernetesPolicies: [KubernetesNetworkPolicy], namespaces: [Namespace],
         services: [Service]) throws(PolicySetError) {
        var compiledTiers: [CompiledTier] = []
        var seen = Set<String>()
        for t in tiers {
            guard seen.insert(t.name).inserted else {
                throw PolicySetError(policy: "Tier \(t.name)", field: "metadata.name", message: "duplicate tier")
            }
            if t.name == "default" { continue }   // fixed: order 1,000,000, Deny
            compiledTiers.append(CompiledTier(name: t.name, order: t.spec.order?.value ?? .infinity, defaultAction: t.effectiveDefaultAction))
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
                throw PolicySetError(policy: what, field: "spec.tier", message: "tier \"\(p.spec.tierName)\" does not exist")
            }
            compiled.append(try compiler.compile(kind: p.kind, name: p.name, namespace: p.namespace, spec: p.spec,
                                                 tierIndex: ti, what: what))
        }
        for k in kubernetesPolicies where !(k.staged && k.spec.stagedAction == .delete) {
            let what = "\(k.kind.rawValue) \(k.namespace)/\(k.metadata.name)"
            let spec = try KubernetesPolicyConversion.calicoSpec(of: k)
            compiled.append(try compiler.compile(kind: k.kind, name: k.metadata.name, namespace: k.namespace, spec: spec,
                                                 tierIndex: tierIndex["default"]!, what: what))
        }
        compiled.sort { ($0.tierIndex, $0.order, $0.sortKey) < ($1.tierIndex, $1.order, $1.sortKey) }
        self.tiers = compiledTiers
        self.policies = compiled

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

    /// The enforced and pending plans for an endpoint in one direction.
    func plans(_ direction: PolicyType, endpoint e: FlowEndpoint, labels: Labels, namespaceView: Labels,
               serviceAccountLabels: Labels) -> (enforced: PolicyPlan, pending: PolicyPlan) {
        var enforced = PolicyPlan(), pending = PolicyPlan()
        for (i, p) in policies.enumerated() where p.applies(to: direction) {
            switch p.namespaceScope {
            case .namespace(let ns): if e.namespace != ns { continue }
            case .namespaced: if e.namespace == nil { continue }
            case .selector(let s): if !s.matches(namespaceView) { continue }
            case .any: break
            }
            if !p.selector.matches(labels) { continue }
            if let s = p.serviceAccountSelector, e.serviceAccount == nil || !s.matches(serviceAccountLabels) { continue }
            if !p.staged { PolicySetPlanning.append(i, tier: p.tierIndex, to: &enforced) }
            PolicySetPlanning.append(i, tier: p.tierIndex, to: &pending)
        }
        return (enforced, pending)
    }
}

enum PolicySetPlanning {
    /// Appends a policy to the plan; policies arrive sorted by tier, so a new tier starts a new step.
    static func append(_ policy: Int, tier: Int, to plan: inout PolicyPlan) {
        if plan.steps.last?.tier != tier {
            plan.steps.append(PolicyPlan.TierStep(tier: tier, start: plan.policies.count, end: plan.policies.count))
        }
        plan.policies.append(policy)
        plan.steps[plan.steps.count - 1].end = plan.policies.count
    }
}
