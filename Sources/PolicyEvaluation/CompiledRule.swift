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
    var ports = Span.unset  // ranges
    var portNames = Span.unset  // strings
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
    var protocolNumber: Int16  // -1 = any
    var notProtocolNumber: Int16  // -1 = none
    var icmp: ICMPCode
    var notICMP: ICMPCode
    var ipVersion: UInt8  // 0 = any
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
