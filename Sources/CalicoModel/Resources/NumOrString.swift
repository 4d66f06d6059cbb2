/// An IP protocol as Calico's `numorstring.Protocol`: a name (`TCP`) or a number (`132`).
public enum ProtocolValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case name(String)
    case number(UInt8)

    public static let tcp = ProtocolValue.name("TCP")
    public static let udp = ProtocolValue.name("UDP")
    public static let icmp = ProtocolValue.name("ICMP")
    public static let sctp = ProtocolValue.name("SCTP")

    /// Protocol names Calico knows, with their IANA numbers.
    static let numbersByName: [String: UInt8] = [
        "icmp": 1, "ipip": 4, "tcp": 6, "udp": 17, "esp": 50, "icmpv6": 58, "icmp6": 58, "sctp": 132, "udplite": 136,
    ]
    /// Calico's canonical spelling of named protocols.
    static let canonicalNames: [UInt8: String] = [
        1: "ICMP", 6: "TCP", 17: "UDP", 58: "ICMPv6", 132: "SCTP", 136: "UDPLite",
    ]

    /// Parses a flow-log `proto` or a rule protocol: a name (any case) or a decimal number, normalised the way
    /// `numorstring.ProtocolFromString` does (`tcp` → `TCP`, `6` stays `6`, `ipip` stays `ipip`).
    public init?(parsing text: String) {
        if let n = UInt8(text) { self = .number(n); return }
        let lower = text.lowercased()
        guard let number = ProtocolValue.numbersByName[lower] else { return nil }
        self = ProtocolValue.canonicalNames[number].map { .name($0) } ?? .name(lower)
    }

    /// The IANA protocol number.
    public var number: UInt8 {
        switch self {
        case .number(let n): return n
        case .name(let s): return ProtocolValue.numbersByName[s.lowercased()] ?? 0
        }
    }

    /// True for protocols with ports (TCP, UDP, SCTP), the only ones whose rules carry `ports`.
    public var supportsPorts: Bool { [6, 17, 132].contains(number) }

    /// Lowercase name as flow logs write it (`tcp`), or the number.
    public var flowLogName: String {
        switch self {
        case .number(let n): return ProtocolValue.canonicalNames[n]?.lowercased() ?? String(n)
        case .name(let s): return s.lowercased()
        }
    }

    /// The string Calico's recommendation comparator sorts by (`StrVal`; empty for numeric protocols).
    public var stringValue: String { if case .name(let s) = self { return s }; return "" }

    public var description: String {
        switch self {
        case .name(let s): return s;
        case .number(let n): return String(n)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(UInt8.self) { self = .number(n); return }
        let s = try c.decode(String.self)
        guard let p = ProtocolValue(parsing: s) else {
            throw DecodingError.dataCorruptedError(
                in: c,
                debugDescription:
                    "expected a protocol name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 0-255, got \"\(s)\"")
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .name(let s): try c.encode(s);
        case .number(let n): try c.encode(Int(n))
        }
    }
}

/// A port, port range or named port (Calico's `numorstring.Port`): `80`, `"8000:8080"` or `"http"`.
public struct Port: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public var minPort: UInt16
    public var maxPort: UInt16
    /// Non-empty for a named port (then min and max are 0).
    public var name: String

    public init(_ port: UInt16) { minPort = port; maxPort = port; name = "" }
    public init(min: UInt16, max: UInt16) { minPort = min; maxPort = max; name = "" }
    public init(named: String) { minPort = 0; maxPort = 0; name = named }

    public var isNamed: Bool { !name.isEmpty }

    public init?(parsing text: String) {
        if let n = UInt16(text) { self.init(n); return }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, let a = UInt16(parts[0]), let b = UInt16(parts[1]), a <= b {
            self.init(min: a, max: b); return
        }
        guard !text.isEmpty, !text.contains(":"), text.first?.isNumber == false else { return nil }
        self.init(named: text)
    }

    public func contains(_ port: UInt16) -> Bool { !isNamed && minPort <= port && port <= maxPort }

    /// Calico's `sortPorts` order: MinPort, then MaxPort, then PortName.
    public static func < (a: Port, b: Port) -> Bool { (a.minPort, a.maxPort, a.name) < (b.minPort, b.maxPort, b.name) }

    public var description: String {
        if isNamed { return name }
        return minPort == maxPort ? String(minPort) : "\(minPort):\(maxPort)"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(UInt16.self) { self.init(n); return }
        let s = try c.decode(String.self)
        guard let p = Port(parsing: s) else {
            throw DecodingError.dataCorruptedError(
                in: c,
                debugDescription:
                    "expected a port number 0-65535, a range \"min:max\" or a port name, got \"\(s)\"")
        }
        self = p
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if !isNamed && minPort == maxPort { try c.encode(Int(minPort)) } else { try c.encode(description) }
    }
}
