/// Flow-log endpoint type (`source_type` / `dest_type`).
public enum EndpointType: String, Sendable, Hashable, Codable, CaseIterable {
    case wep, hep, ns, net
}

/// Which side reported a flow log.
public enum Reporter: String, Sendable, Hashable, Codable, CaseIterable {
    case src, dst, fwd
}

/// The final verdict of a flow log.
public enum FlowAction: String, Sendable, Hashable, Codable, CaseIterable {
    case allow, deny
}

/// `policies` of a flow log: hit strings of the enforced and pending traces (SPEC §3.2–3.3).
public struct FlowPolicies: Hashable, Sendable {
    public var allPolicies: [String]?
    public var enforcedPolicies: [String]
    public var pendingPolicies: [String]
    public var transitPolicies: [String]?
    public init(enforced: [String] = [], pending: [String] = [], all: [String]? = nil, transit: [String]? = nil) {
        enforcedPolicies = enforced; pendingPolicies = pending; allPolicies = all; transitPolicies = transit
    }
}

/// One Calico Enterprise flow-log record (SPEC §5.1), with the documented JSON field names.
public struct FlowLog: Hashable, Sendable {
    public var startTime: Int64
    public var endTime: Int64
    public var sourceIP: String?
    public var sourceName: String
    public var sourceNameAggr: String
    public var sourceNamespace: String
    public var sourcePort: Int64?
    public var sourceType: EndpointType
    public var sourceLabels: [String]?
    public var destIP: String?
    public var destName: String
    public var destNameAggr: String
    public var destNamespace: String
    public var destPort: Int64?
    public var destType: EndpointType
    public var destLabels: [String]?
    public var destServiceNamespace: String
    public var destServiceName: String
    public var destServicePort: String
    public var destServicePortNum: Int64?
    public var destDomains: [String]?
    public var proto: String
    public var action: FlowAction
    public var reporter: Reporter
    public var policies: FlowPolicies
    public var bytesIn: Int64
    public var bytesOut: Int64
    public var packetsIn: Int64
    public var packetsOut: Int64
    public var numFlows: Int64
    public var numFlowsStarted: Int64
    public var numFlowsCompleted: Int64
    public var httpRequestsAllowedIn: Int64
    public var httpRequestsDeniedIn: Int64
    public var numOriginalSourceIPs: Int64
    public var host: String
    /// `@timestamp`, milliseconds.
    public var timestamp: Int64

    public init(startTime: Int64, endTime: Int64,
                sourceName: String = "-", sourceNameAggr: String, sourceNamespace: String, sourceType: EndpointType,
                destName: String = "-", destNameAggr: String, destNamespace: String, destType: EndpointType,
                destPort: Int64?, proto: String, action: FlowAction, reporter: Reporter,
                policies: FlowPolicies = FlowPolicies()) {
        self.startTime = startTime; self.endTime = endTime
        self.sourceIP = nil; self.sourceName = sourceName; self.sourceNameAggr = sourceNameAggr
        self.sourceNamespace = sourceNamespace; self.sourcePort = nil; self.sourceType = sourceType; self.sourceLabels = nil
        self.destIP = nil; self.destName = destName; self.destNameAggr = destNameAggr; self.destNamespace = destNamespace
        self.destPort = destPort; self.destType = destType; self.destLabels = nil
        self.destServiceNamespace = "-"; self.destServiceName = "-"; self.destServicePort = "-"; self.destServicePortNum = nil
        self.destDomains = nil; self.proto = proto; self.action = action; self.reporter = reporter; self.policies = policies
        self.bytesIn = 0; self.bytesOut = 0; self.packetsIn = 0; self.packetsOut = 0
        self.numFlows = 0; self.numFlowsStarted = 0; self.numFlowsCompleted = 0
        self.httpRequestsAllowedIn = 0; self.httpRequestsDeniedIn = 0; self.numOriginalSourceIPs = 0
        self.host = ""; self.timestamp = endTime * 1000
    }

    /// Parsed `policies.enforced_policies`.
    public var enforcedHits: [PolicyHit] { policies.enforcedPolicies.compactMap(PolicyHit.init(parsing:)) }
    /// Parsed `policies.pending_policies`.
    public var pendingHits: [PolicyHit] { policies.pendingPolicies.compactMap(PolicyHit.init(parsing:)) }
}
