import CalicoModel

/// Which endpoints a rule's selector may pick, before the selector itself (SPEC §4.2 selector scoping).
enum NamespaceScope: Sendable {
    /// Any endpoint (global policy, no `namespaceSelector`).
    case any
    /// Endpoints in this namespace (namespaced policy without `namespaceSelector`).
    case namespace(String)
    /// Any namespaced endpoint (`namespaceSelector: all()`).
    case namespaced
    /// Endpoints whose namespace view matches (`global()` already rewritten).
    case selector(Selector)
}

/// `ports` / `notPorts`: numeric ranges plus port names resolved against an endpoint's named ports.
struct PortMatch: Sendable {
    var ranges: [(min: UInt16, max: UInt16)]
    var names: [String]

    init(_ ports: [Port]) {
        ranges = ports.filter { !$0.isNamed }.map { ($0.minPort, $0.maxPort) }
        names = ports.filter(\.isNamed).map(\.name)
    }

    /// Whether `port` (of protocol `proto`) is listed; named ports resolve against `endpoint`'s container ports.
    @inline(__always)
    func contains(_ port: UInt16, proto: UInt8, endpoint: FlowEndpoint) -> Bool {
        for r in ranges where r.min <= port && port <= r.max { return true }
        if names.isEmpty { return false }
        for cp in endpoint.namedPorts where cp.containerPort == port {
            guard let n = cp.name, names.contains(n) else { continue }
            if (cp.protocol.flatMap(ProtocolValue.init(parsing:))?.number ?? 6) == proto { return true }
        }
        return false
    }
}

/// A `services` criterion with the namespace resolved (empty ⇒ the policy's namespace).
struct ServiceCriterion: Sendable {
    var name: String
    var namespace: String
    /// The Service's pod selector when the policy set knows the Service (to match its backing pods).
    var backendSelector: Labels?
    /// Target ports of the Service (numeric or named), for matching traffic sent straight to a backend.
    var targetPorts: [Port]
}

/// One side (`source` / `destination`) of a rule, compiled.
struct CompiledEntity: Sendable {
    var isEmpty = true
    var nets: [CIDR]?
    var notNets: [CIDR]?
    /// True when the peer must be a labelled entity (workload, host endpoint, network set): a selector,
    /// namespaceSelector or serviceAccounts criterion is present (or a notSelector in a namespaced policy).
    var needsEndpoint = false
    var scope = NamespaceScope.any
    var selector: Selector?
    var notSelector: Selector?
    var ports: PortMatch?
    var notPorts: PortMatch?
    var serviceAccountNames: [String]?
    var serviceAccountSelector: Selector?
    var services: ServiceCriterion?
    var domains: [DomainPattern]?
}

/// A rule compiled for matching: parsed selectors, CIDRs, protocol numbers.
struct CompiledRule: Sendable {
    var action: RuleAction
    var protocolNumber: UInt8?
    var notProtocolNumber: UInt8?
    var icmp: ICMPFields?
    var notICMP: ICMPFields?
    var ipVersion: Int?
    var source: CompiledEntity
    var destination: CompiledEntity
}

/// The per-connection facts rule matching reads, gathered once per evaluation.
struct MatchContext {
    let connection: Connection
    let proto: UInt8
    let isICMP: Bool
    let ipVersion: Int?
    let sourceIdentity: EndpointIdentity?
    let destinationIdentity: EndpointIdentity?
    let direction: PolicyType

    init(_ c: Connection, direction: PolicyType, source: EndpointIdentity?, destination: EndpointIdentity?) {
        connection = c
        proto = c.protocol.number
        isICMP = proto == 1 || proto == 58
        let ip = c.source.ip ?? c.destination.ip
        ipVersion = ip.map { $0.isIPv4 ? 4 : 6 }
        sourceIdentity = source; destinationIdentity = destination
        self.direction = direction
    }
}

extension CompiledRule {
    @inline(__always)
    func matches(_ m: MatchContext) -> Bool {
        if let p = protocolNumber, p != m.proto { return false }
        if let p = notProtocolNumber, p == m.proto { return false }
        if let v = ipVersion, let cv = m.ipVersion, v != cv { return false }
        if let i = icmp {
            guard m.isICMP else { return false }
            if let t = i.type, m.connection.icmpType != t { return false }
            if let c = i.code, m.connection.icmpCode != c { return false }
        }
        if let i = notICMP, m.isICMP {
            let typeHit = i.type.map { m.connection.icmpType == $0 } ?? true
            let codeHit = i.code.map { m.connection.icmpCode == $0 } ?? true
            if typeHit && codeHit { return false }
        }
        let c = m.connection
        if !source.isEmpty && !source.matches(c.source, identity: m.sourceIdentity, port: c.sourcePort, m, isDestination: false) {
            return false
        }
        if !destination.isEmpty
            && !destination.matches(c.destination, identity: m.destinationIdentity, port: c.destinationPort, m, isDestination: true) {
            return false
        }
        return true
    }
}

extension CompiledEntity {
    func matches(_ e: FlowEndpoint, identity: EndpointIdentity?, port: UInt16?, _ m: MatchContext, isDestination: Bool) -> Bool {
        if let nets, !NetMatch.any(nets, contain: e) { return false }
        if let notNets, NetMatch.mayContain(notNets, e) { return false }
        if needsEndpoint {
            guard let id = identity else { return false }
            switch scope {
            case .any: break
            case .namespace(let ns): if e.namespace != ns { return false }
            case .namespaced: if e.namespace == nil { return false }
            case .selector(let s): if !s.matches(id.namespaceLabels) { return false }
            }
            if let s = selector, !s.matches(id.labels) { return false }
            if let names = serviceAccountNames {
                guard let sa = e.serviceAccount, names.contains(sa) else { return false }
            }
            if let s = serviceAccountSelector {
                guard e.serviceAccount != nil, s.matches(id.serviceAccountLabels) else { return false }
            }
        }
        if let s = notSelector, let id = identity, s.matches(id.labels) { return false }
        if let ports {
            guard let p = port, ports.contains(p, proto: m.proto, endpoint: e) else { return false }
        }
        if let notPorts, let p = port, notPorts.contains(p, proto: m.proto, endpoint: e) { return false }
        if let services, !matchesService(services, e, port: port, m, isDestination: isDestination) { return false }
        if let domains {
            guard isDestination, m.direction == .egress, DomainPattern.any(domains, matchAnyOf: m.connection.destinationDomains) else {
                return false
            }
        }
        return true
    }

    private func matchesService(_ s: ServiceCriterion, _ e: FlowEndpoint, port: UInt16?, _ m: MatchContext, isDestination: Bool) -> Bool {
        if isDestination, let ref = m.connection.service, ref.name == s.name, ref.namespace == s.namespace { return true }
        // Traffic from (ingress source) or straight to (egress destination) a pod backing the Service.
        guard let selector = s.backendSelector, !selector.isEmpty, e.kind == .workload, e.namespace == s.namespace,
              selector.allSatisfy({ e.labels[$0.key] == $0.value }) else { return false }
        if !isDestination || s.targetPorts.isEmpty { return true }
        guard let p = port else { return false }
        return PortMatch(s.targetPorts).contains(p, proto: m.proto, endpoint: e)
    }
}

/// CIDR matching, including endpoints whose address is unknown (aggregated flow logs).
enum NetMatch {
    static let privateRanges = CIDR.privateRanges.compactMap(CIDR.init)

    /// Whether the endpoint's address is certainly in one of `nets`. Without an address, only `pvt`/`pub`
    /// networks can match, and only when the nets cover every address they may stand for.
    @inline(__always)
    static func any(_ nets: [CIDR], contain e: FlowEndpoint) -> Bool {
        if let ip = e.ip {
            for n in nets where n.contains(ip) { return true }
            return false
        }
        guard e.kind == .network else { return false }
        if e.name == "pvt" { return privateRanges.allSatisfy { r in nets.contains { covers($0, r) } } }
        return nets.contains { $0.prefixLength == 0 && $0.address.isIPv4 }
    }

    /// Whether the endpoint's address may be in one of `nets` (for `notNets`: an unknown `pvt`/`pub`
    /// address is excluded when the nets overlap the range it stands for).
    @inline(__always)
    static func mayContain(_ nets: [CIDR], _ e: FlowEndpoint) -> Bool {
        if let ip = e.ip {
            for n in nets where n.contains(ip) { return true }
            return false
        }
        guard e.kind == .network else { return false }
        if e.name == "pvt" { return nets.contains { n in privateRanges.contains { overlaps(n, $0) } } }
        return nets.contains { n in n.address.isIPv4 && !privateRanges.contains { covers($0, n) } }
    }

    static func covers(_ outer: CIDR, _ inner: CIDR) -> Bool {
        outer.address.isIPv4 == inner.address.isIPv4 && outer.prefixLength <= inner.prefixLength && outer.contains(inner.address)
    }

    static func overlaps(_ a: CIDR, _ b: CIDR) -> Bool { covers(a, b) || covers(b, a) }
}
