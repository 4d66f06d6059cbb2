/// A rule's action (`action` field).
public enum RuleAction: String, Codable, Sendable, Hashable, CaseIterable {
    case allow = "Allow"
    case deny = "Deny"
    case pass = "Pass"
    case log = "Log"
}

/// ICMP type/code match (`icmp`, `notICMP`).
public struct ICMPFields: Codable, Hashable, Sendable {
    public var type: Int?
    public var code: Int?
    public init(type: Int? = nil, code: Int? = nil) { self.type = type; self.code = code }
}

/// `serviceAccounts` match of an entity rule.
public struct ServiceAccountMatch: Codable, Hashable, Sendable {
    public var names: [String]?
    public var selector: String?
    public init(names: [String]? = nil, selector: String? = nil) { self.names = names; self.selector = selector }
}

/// `services` match of an entity rule: a Kubernetes Service by name and namespace.
public struct ServiceMatch: Codable, Hashable, Sendable {
    public var name: String?
    public var namespace: String?
    public init(name: String? = nil, namespace: String? = nil) { self.name = name; self.namespace = namespace }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(namespace, forKey: .namespace)
    }
}

/// L7 HTTP match (`http`); carried through, not evaluated (flows are L3/L4).
public struct HTTPMatch: Codable, Hashable, Sendable {
    public struct PathMatch: Codable, Hashable, Sendable { public var exact: String?; public var prefix: String? }
    public var methods: [String]?
    public var paths: [PathMatch]?
}

/// `metadata` of a rule: annotations that the recommendation engine uses to rebuild its rule maps.
public struct RuleMetadata: Codable, Hashable, Sendable {
    public var annotations: [String: String]?
    public init(annotations: [String: String]? = nil) { self.annotations = annotations }
    enum CodingKeys: String, CodingKey { case annotations }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let a = annotations { try c.encode(SortedStringMap(a), forKey: .annotations) }
    }
}

/// The `source` or `destination` of a rule (Calico's EntityRule). Every criterion present must match.
public struct EntityRule: Codable, Hashable, Sendable {
    public var nets: [String]?
    public var notNets: [String]?
    public var selector: String?
    public var notSelector: String?
    public var namespaceSelector: String?
    public var ports: [Port]?
    public var notPorts: [Port]?
    public var serviceAccounts: ServiceAccountMatch?
    public var services: ServiceMatch?
    public var domains: [String]?

    public init(
        nets: [String]? = nil, notNets: [String]? = nil, selector: String? = nil, notSelector: String? = nil,
        namespaceSelector: String? = nil, ports: [Port]? = nil, notPorts: [Port]? = nil,
        serviceAccounts: ServiceAccountMatch? = nil, services: ServiceMatch? = nil, domains: [String]? = nil
    ) {
        self.nets = nets; self.notNets = notNets; self.selector = selector; self.notSelector = notSelector
        self.namespaceSelector = namespaceSelector; self.ports = ports; self.notPorts = notPorts
        self.serviceAccounts = serviceAccounts; self.services = services; self.domains = domains
    }

    /// True when no criterion is set (matches any peer).
    public var isEmpty: Bool { self == EntityRule() }

    // Calico's field order in YAML output.
    enum CodingKeys: String, CodingKey {
        case nets, notNets, selector, notSelector, namespaceSelector, ports, notPorts, serviceAccounts, services,
            domains
    }
}

/// One ingress or egress rule of a Calico policy.
public struct Rule: Codable, Hashable, Sendable {
    public var metadata: RuleMetadata?
    public var action: RuleAction
    public var ipVersion: Int?
    public var `protocol`: ProtocolValue?
    public var notProtocol: ProtocolValue?
    public var icmp: ICMPFields?
    public var notICMP: ICMPFields?
    public var source: EntityRule?
    public var destination: EntityRule?
    public var http: HTTPMatch?

    public init(
        action: RuleAction, protocol: ProtocolValue? = nil, notProtocol: ProtocolValue? = nil,
        icmp: ICMPFields? = nil, notICMP: ICMPFields? = nil, ipVersion: Int? = nil,
        source: EntityRule? = nil, destination: EntityRule? = nil, metadata: RuleMetadata? = nil
    ) {
        self.action = action; self.protocol = `protocol`; self.notProtocol = notProtocol; self.icmp = icmp
        self.notICMP = notICMP; self.ipVersion = ipVersion; self.source = source; self.destination = destination
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey {
        case metadata, action, ipVersion, `protocol`, notProtocol, icmp, notICMP, source, destination, http
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(metadata, forKey: .metadata)
        try c.encode(action, forKey: .action)
        try c.encodeIfPresent(ipVersion, forKey: .ipVersion)
        try c.encodeIfPresent(`protocol`, forKey: .protocol)
        try c.encodeIfPresent(notProtocol, forKey: .notProtocol)
        try c.encodeIfPresent(icmp, forKey: .icmp)
        try c.encodeIfPresent(notICMP, forKey: .notICMP)
        if let s = source, !s.isEmpty { try c.encode(s, forKey: .source) }
        if let d = destination, !d.isEmpty { try c.encode(d, forKey: .destination) }
        try c.encodeIfPresent(http, forKey: .http)
    }
}
