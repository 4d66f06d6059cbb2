import CalicoModel

/// Traffic direction of a rule, seen from the recommendation's namespace.
public enum TrafficDirection: String, Sendable, Hashable { case egress, ingress }

/// Key of one generated rule (Go `engineRuleKey`); fields a scope does not use stay empty (SPEC §2.6).
struct RuleKey: Hashable {
    var global = false
    var name = ""
    var namespace = ""
    var proto: ProtocolValue
    /// Only the Domains scope keys by port; everything else keeps the zero port.
    var port = Port(0)
}

/// What one rule accumulates (Go `types.FlowLogData`).
struct RuleData: Hashable {
    var action: RuleAction
    var proto: ProtocolValue
    /// In insertion order; sorted when rendered (except Domains rules, which hold a single port).
    var ports: [Port]
    var domains: [String] = []
    var name = ""
    var namespace = ""
    var global = false
    /// RFC 3339 time of the last change, written to the rule's `lastUpdated` annotation.
    var timestamp: String
}

/// An insertion-ordered map of rules of one scope. Insertion order only decides between rules the
/// comparator ranks equal, which keeps output deterministic where Go's `sort.Slice` over a map is not.
struct ScopedRules: Hashable {
    private(set) var keys: [RuleKey] = []
    private(set) var values: [RuleData] = []
    private var index: [RuleKey: Int] = [:]

    var isEmpty: Bool { keys.isEmpty }
    var count: Int { keys.count }
    func contains(_ key: RuleKey) -> Bool { index[key] != nil }
    subscript(key: RuleKey) -> RuleData? { index[key].map { values[$0] } }

    /// Inserts, or overwrites in place (a Go map assignment).
    mutating func set(_ key: RuleKey, _ value: RuleData) {
        if let i = index[key] {
            values[i] = value
        } else {
            index[key] = keys.count; keys.append(key); values.append(value)
        }
    }
    mutating func modify(_ key: RuleKey, _ body: (inout RuleData) -> Void) {
        guard let i = index[key] else { return }
        body(&values[i])
    }
}

/// The six rule maps of one direction (Go `engineRules`), indexed in block order.
struct DirectionRules: Hashable {
    var domains = ScopedRules()
    var services = ScopedRules()
    var namespaces = ScopedRules()
    var networkSets = ScopedRules()
    var privates = ScopedRules()
    var publics = ScopedRules()
    var isEmpty: Bool { [domains, services, namespaces, networkSets, privates, publics].allSatisfy(\.isEmpty) }
    var count: Int { [domains, services, namespaces, networkSets, privates, publics].reduce(0) { $0 + $1.count } }
}

/// Both directions of a recommendation's rules, as the engine accumulates them between output.
struct RuleState: Hashable {
    var egress = DirectionRules()
    var ingress = DirectionRules()

    subscript(direction: TrafficDirection) -> DirectionRules {
        get { direction == .egress ? egress : ingress }
        set { if direction == .egress { egress = newValue } else { ingress = newValue } }
    }
}

/// The flow category that decides a rule's scope (Go `flowType`).
enum FlowType: Hashable { case domains, service, namespace, networkSet, `private`, `public`, unsupported }

/// The fields of Calico's `api.Flow` the engine reads, converted from an L3 flow (`FromLinseedFlow`).
struct EngineFlow {
    struct Endpoint {
        var type: EndpointType; var name: String; var namespace: String; var domains = ""; var serviceName = ""
    }
    var reporter: Reporter
    var allowed: Bool
    var source: Endpoint
    var destination: Endpoint
    /// Protocol number; nil when the name is unknown (such flows are skipped).
    var protocolNumber: UInt8?
    var destPort: UInt16

    init(_ flow: L3Flow) {
        let k = flow.key
        reporter = k.reporter
        allowed = k.action == .allow
        source = Endpoint(type: k.sourceType, name: k.sourceNameAggr, namespace: k.sourceNamespace)
        destination = Endpoint(
            type: k.destType, name: k.destNameAggr, namespace: k.destNamespace,
            domains: flow.destDomains.joined(separator: ","), serviceName: k.destServiceName)
        protocolNumber = EngineFlow.protocolNumber(k.proto)
        destPort = UInt16(truncatingIfNeeded: k.destPort ?? 0)
    }

    /// `FromLinseedFlow`: a decimal protocol is taken as is (wrapping to 8 bits like Go's `uint8(pn)`),
    /// a name is looked up in LMA's table; unknown names give nil.
    static func protocolNumber(_ proto: String) -> UInt8? {
        if let n = Int(proto) { return UInt8(truncatingIfNeeded: n) }
        return EngineFlow.numbersByName[proto.lowercased()]
    }
    static let numbersByName: [String: UInt8] = [
        "icmp": 1, "ipip": 4, "tcp": 6, "udp": 17, "esp": 50, "icmp6": 58, "icmpv6": 58, "sctp": 132, "udplite": 136,
    ]
    static let namesByNumber: [UInt8: String] = [
        1: "icmp", 4: "ipip", 6: "tcp", 17: "udp", 50: "esp", 58: "icmpv6", 132: "sctp", 136: "udplite",
    ]

    /// LMA's `GetProtocol`: a known number becomes the normalised name (`TCP`, `ICMPv6`, `ipip`), others stay numeric.
    static func ruleProtocol(_ number: UInt8) -> ProtocolValue {
        if let name = namesByNumber[number], let p = ProtocolValue(parsing: name) { return p }
        return .number(number)
    }

    static func undefined(_ s: String) -> Bool { s.isEmpty || s == "-" }
}

/// Per-tick inputs of flow processing.
struct FlowContext {
    var namespace: String
    var passIntraNamespaceTraffic: Bool
    /// `svc.<clusterDomain>`: domains with this suffix are dropped from Domains rules.
    var serviceNameSuffix: String
    var timestamp: String
    /// `global-networkset-key=fixed`: flows key a GlobalNetworkSet with namespace `""`, as rebuilt rules do.
    var globalNetworkSetKeyFixed = false
}

extension RuleState {
    /// `recommendation.processFlow`: adds one flow to the rules. Returns true if anything changed.
    @discardableResult
    mutating func process(_ flow: EngineFlow, _ ctx: FlowContext) -> Bool {
        guard flow.allowed else { return false }
        let direction: TrafficDirection
        if flow.reporter == .src && flow.source.namespace == ctx.namespace && flow.source.type == .wep {
            direction = .egress
        } else if flow.reporter == .dst && flow.destination.namespace == ctx.namespace && flow.destination.type == .wep
        {
            direction = .ingress
        } else {
            return false
        }
        let remote = direction == .egress ? flow.destination : flow.source
        let type = RuleState.flowType(remote, egress: direction == .egress)
        guard type != .unsupported, let number = flow.protocolNumber else { return false }
        let proto = EngineFlow.ruleProtocol(number)
        let port = proto.supportsPorts ? Port(flow.destPort) : Port(0)
        // getAction: Pass only for intra-namespace traffic, and only where the scope passes `pass`.
        let intra =
            !flow.source.namespace.isEmpty && !flow.destination.namespace.isEmpty
            && flow.source.namespace == flow.destination.namespace
        let passAction: RuleAction = ctx.passIntraNamespaceTraffic && intra ? .pass : .allow
        let ts = ctx.timestamp

        switch type {
        case .domains:
            guard direction == .egress else { return false }
            let filtered = remote.domains.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                .filter { !$0.hasSuffix(ctx.serviceNameSuffix) }
            let key = RuleKey(proto: proto, port: port)
            if let existing = egress.domains[key] {
                let added = filtered.filter { !existing.domains.contains($0) }
                guard !added.isEmpty else { return false }
                egress.domains.modify(key) { v in
                    for d in added where !v.domains.contains(d) { v.domains.append(d) }
                    v.timestamp = ts
                }
                return true
            }
            egress.domains.set(
                key, RuleData(action: .allow, proto: proto, ports: [port], domains: filtered, timestamp: ts))
            return true
        case .service:
            guard direction == .egress else { return false }
            let key = RuleKey(name: remote.serviceName, proto: proto)
            return RuleState.addPort(&egress.services, key, port, ts) {
                RuleData(action: passAction, proto: proto, ports: [port], name: remote.serviceName, timestamp: ts)
            }
        case .namespace:
            let key = RuleKey(namespace: remote.namespace, proto: proto)
            return RuleState.addPort(&self[direction].namespaces, key, port, ts) {
                RuleData(action: passAction, proto: proto, ports: [port], namespace: remote.namespace, timestamp: ts)
            }
        case .networkSet:
            let global = remote.namespace == "-" || remote.namespace.isEmpty
            // The engine keys a global set with the flow's `-`; its rebuild uses "" (SPEC §2.14 #2).
            let setNamespace = global && ctx.globalNetworkSetKeyFixed ? "" : remote.namespace
            let key = RuleKey(global: global, name: remote.name, namespace: setNamespace, proto: proto)
            return RuleState.addPort(&self[direction].networkSets, key, port, ts) {
                RuleData(
                    action: passAction, proto: proto, ports: [port], name: remote.name, namespace: setNamespace,
                    global: global, timestamp: ts)
            }
        case .private:
            return RuleState.addPort(&self[direction].privates, RuleKey(proto: proto), port, ts) {
                RuleData(action: .allow, proto: proto, ports: [port], timestamp: ts)
            }
        case .public:
            return RuleState.addPort(&self[direction].publics, RuleKey(proto: proto), port, ts) {
                RuleData(action: .allow, proto: proto, ports: [port], timestamp: ts)
            }
        case .unsupported:
            return false
        }
    }

    /// The shared "append the port if new and bump the timestamp, else create" step of every non-domain scope.
    private static func addPort(
        _ rules: inout ScopedRules, _ key: RuleKey, _ port: Port, _ ts: String,
        create: () -> RuleData
    ) -> Bool {
        if let existing = rules[key] {
            guard !existing.ports.contains(port) else { return false }
            rules.modify(key) {
                $0.ports.append(port); $0.timestamp = ts
            }
            return true
        }
        rules.set(key, create())
        return true
    }

    /// `getFlowType` (SPEC §2.5 table): `pvt` wins over domains and services.
    static func flowType(_ e: EngineFlow.Endpoint, egress: Bool) -> FlowType {
        switch e.type {
        case .ns: return .networkSet
        case .wep where !EngineFlow.undefined(e.namespace): return .namespace
        case .net:
            switch e.name {
            case "pvt": return .private
            case "pub":
                if egress {
                    if !EngineFlow.undefined(e.domains) { return .domains }
                    if !EngineFlow.undefined(e.serviceName) { return .service }
                }
                return .public
            default: return .unsupported
            }
        default: return .unsupported
        }
    }
}
