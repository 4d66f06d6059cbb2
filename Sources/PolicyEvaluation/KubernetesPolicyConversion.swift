import CalicoModel

/// Calico's conversion of a Kubernetes NetworkPolicy into a Calico policy (libcalico-go `k8s` converter).
///
/// Calico places converted policies in the `default` tier at order 1000. Each k8s rule becomes one Calico
/// `Allow` rule per (protocol, peer): ports are grouped by protocol (sorted), peers kept in order; a rule
/// without peers or ports stands for "any".
public enum KubernetesPolicyConversion {
    /// The order Calico gives converted Kubernetes policies.
    public static let order = 1000.0

    /// The Calico spec of a Kubernetes (or staged Kubernetes) NetworkPolicy.
    public static func calicoSpec(of policy: KubernetesNetworkPolicy) throws(PolicySetError) -> PolicySpec {
        let spec = policy.spec
        let what = "\(Resource.kubernetesPolicy(policy).kind) \(policy.namespace)/\(policy.metadata.name)"
        var ingress: [Rule] = []
        for (i, r) in (spec.ingress ?? []).enumerated() {
            ingress += try rules(
                peers: r.from, ports: r.ports, ingress: true, policy: what, field: "spec.ingress[\(i)]")
        }
        var egress: [Rule] = []
        for (i, r) in (spec.egress ?? []).enumerated() {
            egress += try rules(peers: r.to, ports: r.ports, ingress: false, policy: what, field: "spec.egress[\(i)]")
        }
        return PolicySpec(
            stagedAction: spec.stagedAction, tier: "default", order: PolicyOrder(order),
            selector: try podSelector(spec.podSelector, policy: what, field: "spec.podSelector"),
            types: spec.effectiveTypes,
            egress: egress, ingress: ingress)
    }

    /// A pod selector as Calico writes it: the label terms plus `projectcalico.org/orchestrator == 'k8s'`.
    static func podSelector(_ s: LabelSelector, policy: String, field: String) throws(PolicySetError) -> String {
        (try terms(s, policy: policy, field: field) + ["projectcalico.org/orchestrator == 'k8s'"]).joined(
            separator: " && ")
    }

    /// A namespace selector (applied to namespace labels); `{}` is `all()`.
    static func namespaceSelector(_ s: LabelSelector, policy: String, field: String) throws(PolicySetError) -> String {
        let t = try terms(s, policy: policy, field: field)
        return t.isEmpty ? "all()" : t.joined(separator: " && ")
    }

    /// The Calico terms of a label selector, matchLabels sorted by key, then matchExpressions in order.
    /// Keys and values are checked as Kubernetes does and quoted by `SelectorLiteral`, so a label can only
    /// ever become one term.
    static func terms(_ s: LabelSelector, policy: String, field: String) throws(PolicySetError) -> [String] {
        func key(_ k: String, _ at: String) throws(PolicySetError) -> String {
            if let problem = KubernetesName.problem(k, as: .labelKey) {
                throw PolicySetError(policy: policy, field: at, message: problem)
            }
            return k
        }
        func literal(_ v: String, _ at: String) throws(PolicySetError) -> String {
            if let problem = KubernetesName.problem(v, as: .labelValue) {
                throw PolicySetError(policy: policy, field: at, message: problem)
            }
            return SelectorLiteral.quoted(v) ?? "''"  // a valid label value has no quote characters
        }
        var out: [String] = []
        for (k, v) in (s.matchLabels ?? [:]).sorted(by: { $0.key < $1.key }) {
            let at = "\(field).matchLabels.\(k)"
            out.append("\(try key(k, at)) == \(try literal(v, at))")
        }
        for (i, e) in (s.matchExpressions ?? []).enumerated() {
            let at = "\(field).matchExpressions[\(i)]"
            let k = try key(e.key, "\(at).key")
            var values: [String] = []
            for (j, v) in (e.values ?? []).enumerated() { values.append(try literal(v, "\(at).values[\(j)]")) }
            let list = values.joined(separator: ", ")
            switch e.operator {
            case .in: out.append("\(k) in { \(list) }")
            case .notIn: out.append("\(k) not in { \(list) }")
            case .exists: out.append("has(\(k))")
            case .doesNotExist: out.append("!has(\(k))")
            }
        }
        return out
    }

    private static func rules(
        peers: [KubernetesNetworkPolicySpec.Peer]?, ports: [KubernetesNetworkPolicySpec.PolicyPort]?,
        ingress: Bool, policy: String, field: String
    ) throws(PolicySetError) -> [Rule] {
        // Protocol ("" = any) → ports (nil = all ports of that protocol).
        var byProtocol: [String: [Port]?] = [:]
        for (i, p) in (ports ?? []).enumerated() {
            let proto = p.protocol ?? "TCP"
            guard ProtocolValue(parsing: proto) != nil else {
                throw PolicySetError(
                    policy: policy, field: "\(field).ports[\(i)].protocol", message: "unknown protocol \"\(proto)\"")
            }
            guard var port = p.port else { byProtocol[proto] = .some(nil); continue }
            if let end = p.endPort {
                guard !port.isNamed, end >= port.minPort else {
                    throw PolicySetError(
                        policy: policy, field: "\(field).ports[\(i)].endPort",
                        message: "endPort \(end) needs a numeric port not above it")
                }
                port = Port(min: port.minPort, max: end)
            }
            if let existing = byProtocol[proto] {
                if let list = existing { byProtocol[proto] = .some(list + [port]) }  // nil (all ports) stays nil
            } else {
                byProtocol[proto] = .some([port])
            }
        }
        if byProtocol.isEmpty { byProtocol[""] = .some(nil) }
        let peerList: [KubernetesNetworkPolicySpec.Peer?] = (peers ?? []).isEmpty ? [nil] : (peers ?? []).map { $0 }
        var out: [Rule] = []
        for proto in byProtocol.keys.sorted() {
            let ports = byProtocol[proto]!.map(simplify)
            let protocolValue = proto.isEmpty ? nil : ProtocolValue(parsing: proto)
            for (j, peer) in peerList.enumerated() {
                var entity = try self.entity(
                    peer, policy: policy, field: ingress ? "\(field).from[\(j)]" : "\(field).to[\(j)]")
                if ingress {
                    out.append(
                        Rule(
                            action: .allow, protocol: protocolValue, source: entity,
                            destination: EntityRule(ports: ports)))
                } else {
                    entity.ports = ports
                    out.append(Rule(action: .allow, protocol: protocolValue, destination: entity))
                }
            }
        }
        return out
    }

    private static func entity(
        _ peer: KubernetesNetworkPolicySpec.Peer?, policy: String, field: String
    ) throws(PolicySetError) -> EntityRule {
        guard let peer else { return EntityRule() }
        if let block = peer.ipBlock {
            for (k, cidr) in [("cidr", block.cidr)]
                + (block.except ?? []).enumerated().map({ ("except[\($0.offset)]", $0.element) })
            where CIDR(cidr) == nil {
                throw PolicySetError(policy: policy, field: "\(field).ipBlock.\(k)", message: "not a CIDR: \"\(cidr)\"")
            }
            let except = block.except ?? []
            return EntityRule(nets: [block.cidr], notNets: except.isEmpty ? nil : except)
        }
        return EntityRule(
            selector: try peer.podSelector.map { s throws(PolicySetError) in
                try podSelector(s, policy: policy, field: "\(field).podSelector")
            },
            namespaceSelector: try peer.namespaceSelector.map { s throws(PolicySetError) in
                try namespaceSelector(s, policy: policy, field: "\(field).namespaceSelector")
            })
    }

    /// Calico's `SimplifyPorts`: numeric ports sorted and merged where they touch; named ports kept after them.
    static func simplify(_ ports: [Port]) -> [Port] {
        let numeric = ports.filter { !$0.isNamed }.sorted()
        var merged: [Port] = []
        for p in numeric {
            if let last = merged.last, Int(p.minPort) <= Int(last.maxPort) + 1 {
                merged[merged.count - 1] = Port(min: last.minPort, max: max(last.maxPort, p.maxPort))
            } else {
                merged.append(p)
            }
        }
        var seen = Set<String>()
        return merged + ports.filter { $0.isNamed && seen.insert($0.name).inserted }
    }
}
