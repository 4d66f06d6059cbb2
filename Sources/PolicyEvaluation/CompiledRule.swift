import CalicoModel

/// A slice of one of the `RuleTables` arrays; `count == -1` means "criterion not set".
struct Span: Sendable {
    var start: Int32
    var count: Int32
    static let unset = Span(start: 0, count: -1)
    var isSet: Bool { count >= 0 }
    var range: Range<Int> { Int(start)..<Int(start + max(count, 0)) }
}

/// Which endpoints a rule's selector may pick, before the selector itself (SPEC §4.2 selector scoping).
struct ScopeCode: Sendable {
    enum Kind: UInt8, Sendable {
        /// Any endpoint (global policy, no `namespaceSelector`).
        case any
        /// Endpoints in namespace `strings[index]` (namespaced policy without `namespaceSelector`).
        case namespace
        /// Any namespaced endpoint (`namespaceSelector: all()`).
        case namespaced
        /// Endpoints whose namespace view matches `selectors[index]` (`global()` already rewritten).
        case selector
    }
    var kind: Kind
    var index: Int32
    static let any = ScopeCode(kind: .any, index: 0)
}

/// ICMP type/code criterion; -1 = not set.
struct ICMPCode: Sendable {
    var present: Bool
    var type: Int32
    var code: Int32
    static let none = ICMPCode(present: false, type: -1, code: -1)
    init(present: Bool, type: Int32, code: Int32) { self.present = present; self.type = type; self.code = code }
    init(_ f: ICMPFields?) {
        self.init(present: f != nil, type: Int32(f?.type ?? -1), code: Int32(f?.code ?? -1))
    }
}

/// One side (`source` / `destination`) of a rule, compiled to plain values (indices into `RuleTables`) so
/// the walk copies nothing reference-counted.
struct EntityCode: Sendable {
    var isEmpty = true
    /// The peer must be a labelled entity (workload, host endpoint, network set): a selector, namespaceSelector
    /// or serviceAccounts criterion is present (or a notSelector in a namespaced policy).
    var needsEndpoint = false
    var nets = Span.unset
    var notNets = Span.unset
    var scope = ScopeCode.any
    var selector: Int32 = -1
    var notSelector: Int32 = -1
    var ports = Span.unset           // ranges
    var portNames = Span.unset       // strings
    var notPorts = Span.unset
    var notPortNames = Span.unset
    var serviceAccountNames = Span.unset
    var serviceAccountSelector: Int32 = -1
    var service: Int32 = -1
    var domains = Span.unset
}

/// A rule compiled to plain values.
struct RuleCode: Sendable {
    var action: RuleAction
    var protocolNumber: Int16     // -1 = any
    var notProtocolNumber: Int16  // -1 = none
    var icmp: ICMPCode
    var notICMP: ICMPCode
    var ipVersion: UInt8          // 0 = any
    var source: EntityCode
    var destination: EntityCode
}

/// A port range of a `ports` criterion.
struct PortRange: Sendable {
    var min: UInt16
    var max: UInt16
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

/// The per-connection facts rule matching reads, gathered once per evaluation (the connection itself is
/// passed alongside, borrowed, so its reference-counted fields are not copied).
struct MatchContext {
    let proto: UInt8
    let isICMP: Bool
    let ipVersion: UInt8
    let sourceIdentity: EndpointIdentity?
    let destinationIdentity: EndpointIdentity?
    let direction: PolicyType

    init(_ c: Connection, direction: PolicyType, source: EndpointIdentity?, destination: EndpointIdentity?) {
        proto = c.protocol.number
        isICMP = proto == 1 || proto == 58
        let ip = c.source.ip ?? c.destination.ip
        ipVersion = ip.map { $0.isIPv4 ? 4 : 6 } ?? 0
        sourceIdentity = source; destinationIdentity = destination
        self.direction = direction
    }
}

/// `RuleTables` under construction.
struct RuleTableBuilder: Sendable {
    var rules: [RuleCode] = []
    var cidrs: [CIDR] = []
    var selectors: [Selector] = []
    var strings: [String] = []
    var portRanges: [PortRange] = []
    var services: [ServiceCriterion] = []
    var domains: [DomainPattern] = []
}

/// Every compiled rule of a policy set and the values its criteria refer to. Immutable; a final class
/// with `let` arrays so matching reads them in place without reference counting.
final class RuleTables: Sendable {
    let rules: [RuleCode]
    let cidrs: [CIDR]
    let selectors: [Selector]
    let strings: [String]
    let portRanges: [PortRange]
    let services: [ServiceCriterion]
    let domains: [DomainPattern]

    init(_ b: RuleTableBuilder) {
        rules = b.rules; cidrs = b.cidrs; selectors = b.selectors; strings = b.strings; portRanges = b.portRanges
        services = b.services; domains = b.domains
    }
}

extension RuleTables {
    @inline(__always)
    func matches(rule index: Int, _ c: Connection, _ m: MatchContext) -> Bool {
        let r = rules[index]
        if r.protocolNumber >= 0 && UInt8(r.protocolNumber) != m.proto { return false }
        if r.notProtocolNumber >= 0 && UInt8(r.notProtocolNumber) == m.proto { return false }
        if r.ipVersion != 0 && m.ipVersion != 0 && r.ipVersion != m.ipVersion { return false }
        if r.icmp.present {
            guard m.isICMP else { return false }
            if r.icmp.type >= 0 && c.icmpType != Int(r.icmp.type) { return false }
            if r.icmp.code >= 0 && c.icmpCode != Int(r.icmp.code) { return false }
        }
        if r.notICMP.present && m.isICMP {
            let typeHit = r.notICMP.type < 0 || c.icmpType == Int(r.notICMP.type)
            let codeHit = r.notICMP.code < 0 || c.icmpCode == Int(r.notICMP.code)
            if typeHit && codeHit { return false }
        }
        if !r.source.isEmpty
            && !entity(r.source, c.source, identity: m.sourceIdentity, port: c.sourcePort, c, m, isDestination: false) {
            return false
        }
        if !r.destination.isEmpty
            && !entity(r.destination, c.destination, identity: m.destinationIdentity, port: c.destinationPort, c, m, isDestination: true) {
            return false
        }
        return true
    }

    func entity(_ x: EntityCode, _ e: FlowEndpoint, identity: EndpointIdentity?, port: UInt16?, _ c: Connection, _ m: MatchContext,
                isDestination: Bool) -> Bool {
        if x.nets.isSet && !NetMatch.any(cidrs[x.nets.range], contain: e) { return false }
        if x.notNets.isSet && NetMatch.mayContain(cidrs[x.notNets.range], e) { return false }
        if x.needsEndpoint {
            guard let id = identity else { return false }
            switch x.scope.kind {
            case .any: break
            case .namespace: if e.namespace != strings[Int(x.scope.index)] { return false }
            case .namespaced: if e.namespace == nil { return false }
            case .selector: if !selectors[Int(x.scope.index)].matches(id.namespaceLabels) { return false }
            }
            if x.selector >= 0 && !selectors[Int(x.selector)].matches(id.labels) { return false }
            if x.serviceAccountNames.isSet {
                guard let sa = e.serviceAccount, strings[x.serviceAccountNames.range].contains(sa) else { return false }
            }
            if x.serviceAccountSelector >= 0 {
                guard e.serviceAccount != nil, selectors[Int(x.serviceAccountSelector)].matches(id.serviceAccountLabels) else { return false }
            }
        }
        if x.notSelector >= 0, let id = identity, selectors[Int(x.notSelector)].matches(id.labels) { return false }
        if x.ports.isSet {
            guard let p = port, portListed(p, x.ports, x.portNames, m.proto, e) else { return false }
        }
        if x.notPorts.isSet, let p = port, portListed(p, x.notPorts, x.notPortNames, m.proto, e) { return false }
        if x.service >= 0 && !matchesService(services[Int(x.service)], e, port: port, c, m, isDestination: isDestination) { return false }
        if x.domains.isSet {
            guard isDestination, m.direction == .egress,
                  DomainPattern.any(domains[x.domains.range], matchAnyOf: c.destinationDomains) else { return false }
        }
        return true
    }

    /// Whether `port` of protocol `proto` is in the ranges, or is a named port of `endpoint` listed by name.
    @inline(__always)
    func portListed(_ port: UInt16, _ ranges: Span, _ names: Span, _ proto: UInt8, _ endpoint: FlowEndpoint) -> Bool {
        for i in ranges.range where portRanges[i].min <= port && port <= portRanges[i].max { return true }
        if names.count <= 0 { return false }
        return NamedPorts.contains(endpoint, port: port, proto: proto, names: strings[names.range])
    }

    private func matchesService(_ s: ServiceCriterion, _ e: FlowEndpoint, port: UInt16?, _ c: Connection, _ m: MatchContext,
                                isDestination: Bool) -> Bool {
        if isDestination, let ref = c.service, ref.name == s.name, ref.namespace == s.namespace { return true }
        // Traffic from (ingress source) or straight to (egress destination) a pod backing the Service.
        guard let selector = s.backendSelector, !selector.isEmpty, e.kind == .workload, e.namespace == s.namespace,
              selector.allSatisfy({ e.labels[$0.key] == $0.value }) else { return false }
        if !isDestination || s.targetPorts.isEmpty { return true }
        guard let p = port else { return false }
        for t in s.targetPorts {
            if t.isNamed ? NamedPorts.contains(e, port: p, proto: m.proto, names: [t.name]) : t.contains(p) { return true }
        }
        return false
    }
}

enum NamedPorts {
    /// Whether the endpoint has a container port named one of `names` with this number and protocol (default TCP).
    static func contains<C: Collection<String>>(_ e: FlowEndpoint, port: UInt16, proto: UInt8, names: C) -> Bool {
        for cp in e.namedPorts where cp.containerPort == port {
            guard let n = cp.name, names.contains(n) else { continue }
            if (cp.protocol.flatMap(ProtocolValue.init(parsing:))?.number ?? 6) == proto { return true }
        }
        return false
    }
}

/// CIDR matching, including endpoints whose address is unknown (aggregated flow logs).
enum NetMatch {
    static let privateRanges = CIDR.privateRanges.compactMap(CIDR.init)

    /// Whether the endpoint's address is certainly in one of `nets`. Without an address, only `pvt`/`pub`
    /// networks can match, and only when the nets cover every address they may stand for.
    @inline(__always)
    static func any(_ nets: ArraySlice<CIDR>, contain e: FlowEndpoint) -> Bool {
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
    static func mayContain(_ nets: ArraySlice<CIDR>, _ e: FlowEndpoint) -> Bool {
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
