import CalicoModel

/// A policy ready for the tier walk: where it sits, whom it selects, its compiled rules.
struct CompiledPolicy: Sendable {
    var kind: PolicyKind
    var hitKind: HitKind
    /// Name as flow logs show it (Kubernetes policies keep the Kubernetes name).
    var name: String
    var namespace: String?
    var tierIndex: Int
    /// `order`, +infinity when unset.
    var order: Double
    /// Tie-break among equal orders: `<name>/<namespace>/<kind>`.
    var sortKey: String
    var staged: Bool
    var selector: Selector
    /// Global policies: which namespaces' endpoints (evaluated on the namespace view).
    var namespaceScope: NamespaceScope
    var serviceAccountSelector: Selector?
    var appliesToIngress: Bool
    var appliesToEgress: Bool
    var ingress: [CompiledRule]
    var egress: [CompiledRule]

    func rules(_ direction: PolicyType) -> [CompiledRule] { direction == .ingress ? ingress : egress }
    func applies(to direction: PolicyType) -> Bool { direction == .ingress ? appliesToIngress : appliesToEgress }
}

/// A tier as the walk needs it.
struct CompiledTier: Sendable {
    var name: String
    var order: Double
    var defaultAction: TierDefaultAction
}

/// Turns policy resources into `CompiledPolicy` values, parsing each distinct selector once.
struct PolicyCompiler {
    var selectors: [String: Selector] = [:]
    let services: [String: Service]   // key "ns/name"

    init(services: [Service]) {
        var byKey: [String: Service] = [:]
        for s in services { byKey["\(s.metadata.namespace ?? "default")/\(s.metadata.name)"] = s }
        self.services = byKey
    }

    mutating func selector(_ text: String?, _ what: String, _ field: String) throws(PolicySetError) -> Selector? {
        guard let text else { return nil }
        if let s = selectors[text] { return s }
        do {
            let s = try Selector(text)
            selectors[text] = s
            return s
        } catch {
            throw PolicySetError(policy: what, field: field, message: error.description)
        }
    }

    /// The namespace restriction a `namespaceSelector` imposes (`all()` ⇒ namespaced only, `global()` ⇒ non-namespaced).
    mutating func namespaceScope(_ text: String?, _ what: String, _ field: String) throws(PolicySetError) -> NamespaceScope? {
        guard let s = try selector(text, what, field) else { return nil }
        if s.isAll { return .namespaced }
        return .selector(s.containsGlobal ? s.rewritingGlobalForNamespaceSelector() : s)
    }

    mutating func compile(kind: PolicyKind, name: String, namespace: String?, spec: PolicySpec, tierIndex: Int,
                          what: String) throws(PolicySetError) -> CompiledPolicy {
        let types = spec.effectiveTypes
        var ingress: [CompiledRule] = [], egress: [CompiledRule] = []
        for (i, r) in spec.rules(.ingress).enumerated() {
            ingress.append(try rule(r, namespace: namespace, what: what, field: "spec.ingress[\(i)]"))
        }
        for (i, r) in spec.rules(.egress).enumerated() {
            egress.append(try rule(r, namespace: namespace, what: what, field: "spec.egress[\(i)]"))
        }
        let scope: NamespaceScope
        if let ns = namespace {
            scope = .namespace(ns)
        } else {
            scope = try namespaceScope(spec.namespaceSelector, what, "spec.namespaceSelector") ?? .any
        }
        return CompiledPolicy(
            kind: kind, hitKind: HitKind(kind), name: name, namespace: namespace, tierIndex: tierIndex,
            order: spec.order?.value ?? .infinity, sortKey: "\(name)/\(namespace ?? "")/\(kind.shortName)",
            staged: kind.isStaged,
            selector: try selector(spec.selector, what, "spec.selector") ?? .all,
            namespaceScope: scope,
            serviceAccountSelector: try selector(spec.serviceAccountSelector, what, "spec.serviceAccountSelector"),
            appliesToIngress: types.contains(.ingress), appliesToEgress: types.contains(.egress),
            ingress: ingress, egress: egress)
    }

    mutating func rule(_ r: Rule, namespace: String?, what: String, field: String) throws(PolicySetError) -> CompiledRule {
        func proto(_ p: ProtocolValue?, _ f: String) throws(PolicySetError) -> UInt8? {
            guard let p else { return nil }
            if case .name(let n) = p, ProtocolValue(parsing: n) == nil {
                throw PolicySetError(policy: what, field: "\(field).\(f)", message: "unknown protocol \"\(n)\"")
            }
            return p.number
        }
        if let v = r.ipVersion, v != 4 && v != 6 {
            throw PolicySetError(policy: what, field: "\(field).ipVersion", message: "expected 4 or 6, got \(v)")
        }
        return CompiledRule(
            action: r.action, protocolNumber: try proto(r.protocol, "protocol"), notProtocolNumber: try proto(r.notProtocol, "notProtocol"),
            icmp: r.icmp, notICMP: r.notICMP, ipVersion: r.ipVersion,
            source: try entity(r.source, namespace: namespace, what: what, field: "\(field).source"),
            destination: try entity(r.destination, namespace: namespace, what: what, field: "\(field).destination"))
    }

    mutating func entity(_ e: EntityRule?, namespace: String?, what: String, field: String) throws(PolicySetError) -> CompiledEntity {
        var out = CompiledEntity()
        guard let e, !e.isEmpty else { return out }
        out.isEmpty = false
        func cidrs(_ list: [String]?, _ f: String) throws(PolicySetError) -> [CIDR]? {
            guard let list, !list.isEmpty else { return nil }
            var result: [CIDR] = []
            for (i, text) in list.enumerated() {
                guard let c = CIDR(text) else {
                    throw PolicySetError(policy: what, field: "\(field).\(f)[\(i)]", message: "not a CIDR: \"\(text)\"")
                }
                result.append(c)
            }
            return result
        }
        out.nets = try cidrs(e.nets, "nets")
        out.notNets = try cidrs(e.notNets, "notNets")
        out.selector = try selector(e.selector, what, "\(field).selector")
        out.notSelector = try selector(e.notSelector, what, "\(field).notSelector")
        let nsScope = try namespaceScope(e.namespaceSelector, what, "\(field).namespaceSelector")
        if let sa = e.serviceAccounts {
            out.serviceAccountNames = sa.names.flatMap { $0.isEmpty ? nil : $0 }
            out.serviceAccountSelector = try selector(sa.selector, what, "\(field).serviceAccounts.selector")
        }
        let hasServiceAccounts = out.serviceAccountNames != nil || out.serviceAccountSelector != nil
        if let nsScope {
            out.scope = nsScope
            out.needsEndpoint = true
        } else if let ns = namespace, out.selector != nil || out.notSelector != nil || hasServiceAccounts {
            out.scope = .namespace(ns)
            out.needsEndpoint = true
        } else {
            out.needsEndpoint = out.selector != nil || hasServiceAccounts
        }
        if let p = e.ports, !p.isEmpty { out.ports = PortMatch(p) }
        if let p = e.notPorts, !p.isEmpty { out.notPorts = PortMatch(p) }
        if let s = e.services {
            let ns = s.namespace.flatMap { $0.isEmpty ? nil : $0 } ?? namespace ?? "default"
            let name = s.name ?? ""
            let svc = services["\(ns)/\(name)"]
            out.services = ServiceCriterion(name: name, namespace: ns, backendSelector: svc?.spec.selector,
                                            targetPorts: (svc?.spec.ports ?? []).map { $0.targetPort ?? Port($0.port) })
        }
        if let d = e.domains, !d.isEmpty {
            var patterns: [DomainPattern] = []
            for (i, text) in d.enumerated() {
                guard let p = DomainPattern(text) else {
                    throw PolicySetError(policy: what, field: "\(field).domains[\(i)]", message: "at most one * wildcard allowed: \"\(text)\"")
                }
                patterns.append(p)
            }
            out.domains = patterns
        }
        return out
    }
}
