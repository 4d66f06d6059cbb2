import CalicoModel

/// A Kubernetes Service a connection went through (`dest_service_*`).
public struct ServiceReference: Hashable, Sendable {
    public var name: String
    public var namespace: String
    public var portName: String?
    public var port: UInt16?
    public init(name: String, namespace: String, portName: String? = nil, port: UInt16? = nil) {
        self.name = name; self.namespace = namespace; self.portName = portName; self.port = port
    }
}

/// One connection attempt (or a class of identical ones) between two endpoints.
public struct Connection: Hashable, Sendable {
    public var source: FlowEndpoint
    public var destination: FlowEndpoint
    public var `protocol`: ProtocolValue
    public var sourcePort: UInt16?
    /// Destination port; nil for protocols without ports.
    public var destinationPort: UInt16?
    public var icmpType: Int?
    public var icmpCode: Int?
    /// The Service the client addressed, if any.
    public var service: ServiceReference?
    /// Domains the destination IP is known by (DNS snooping), for `domains` rules and `dest_domains`.
    public var destinationDomains: [String]

    public init(
        source: FlowEndpoint, destination: FlowEndpoint, protocol: ProtocolValue, destinationPort: UInt16?,
        sourcePort: UInt16? = nil, service: ServiceReference? = nil, destinationDomains: [String] = [],
        icmpType: Int? = nil, icmpCode: Int? = nil
    ) {
        self.source = source; self.destination = destination; self.protocol = `protocol`
        self.destinationPort = destinationPort; self.sourcePort = sourcePort; self.service = service
        self.destinationDomains = destinationDomains; self.icmpType = icmpType; self.icmpCode = icmpCode
    }
}
