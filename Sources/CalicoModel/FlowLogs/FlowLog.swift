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
///
/// A value type. Its text fields (names, labels, policies, …) live in one shared copy-on-write box, so
/// copying a record — the generator copies millions of them — costs one reference count, not twenty.
public struct FlowLog: Hashable, Sendable {
    public var startTime: Int64
    public var endTime: Int64
    public var sourcePort: Int64?
    public var sourceType: EndpointType
    public var destPort: Int64?
    public var destType: EndpointType
    public var destServicePortNum: Int64?
    public var action: FlowAction
    public var reporter: Reporter
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
    /// `@timestamp`, milliseconds.
    public var timestamp: Int64

    private var text: FlowLogText

    public var sourceIP: String? {
        get { text.sourceIP }
        set { uniqueText().sourceIP = newValue }
    }
    public var sourceName: String {
        get { text.sourceName }
        set { uniqueText().sourceName = newValue }
    }
    public var sourceNameAggr: String {
        get { text.sourceNameAggr }
        set { uniqueText().sourceNameAggr = newValue }
    }
    public var sourceNamespace: String {
        get { text.sourceNamespace }
        set { uniqueText().sourceNamespace = newValue }
    }
    public var sourceLabels: [String]? {
        get { text.sourceLabels }
        set { uniqueText().sourceLabels = newValue }
    }
    public var destIP: String? {
        get { text.destIP }
        set { uniqueText().destIP = newValue }
    }
    public var destName: String {
        get { text.destName }
        set { uniqueText().destName = newValue }
    }
    public var destNameAggr: String {
        get { text.destNameAggr }
        set { uniqueText().destNameAggr = newValue }
    }
    public var destNamespace: String {
        get { text.destNamespace }
        set { uniqueText().destNamespace = newValue }
    }
    public var destLabels: [String]? {
        get { text.destLabels }
        set { uniqueText().destLabels = newValue }
    }
    public var destServiceNamespace: String {
        get { text.destServiceNamespace }
        set { uniqueText().destServiceNamespace = newValue }
    }
    public var destServiceName: String {
        get { text.destServiceName }
        set { uniqueText().destServiceName = newValue }
    }
    public var destServicePort: String {
        get { text.destServicePort }
        set { uniqueText().destServicePort = newValue }
    }
    public var destDomains: [String]? {
        get { text.destDomains }
        set { uniqueText().destDomains = newValue }
    }
    public var proto: String {
        get { text.proto }
        set { uniqueText().proto = newValue }
    }
    public var policies: FlowPolicies {
        get { text.policies }
        set { uniqueText().policies = newValue }
    }
    public var host: String {
        get { text.host }
        set { uniqueText().host = newValue }
    }

    /// The shared box of text fields. Records copied from one another share it until a text field of one
    /// changes, so two records with the same token have the same names, labels, policies and domains.
    /// Keep a reference to the token as long as its identity is used as a key.
    public var textToken: any AnyObject & Sendable { text }
    /// The identity of `textToken`, without retaining it.
    public var textIdentity: ObjectIdentifier { ObjectIdentifier(text) }
    /// The shared text box itself (read-only use inside the module: one retain for all text fields).
    var textFields: FlowLogText { text }

    private mutating func uniqueText() -> FlowLogText {
        if !isKnownUniquelyReferenced(&text) { text = text.copy() }
        return text
    }

    public init(
        startTime: Int64, endTime: Int64,
        sourceName: String = "-", sourceNameAggr: String, sourceNamespace: String, sourceType: EndpointType,
        destName: String = "-", destNameAggr: String, destNamespace: String, destType: EndpointType,
        destPort: Int64?, proto: String, action: FlowAction, reporter: Reporter,
        policies: FlowPolicies = FlowPolicies()
    ) {
        self.startTime = startTime; self.endTime = endTime
        self.sourcePort = nil; self.sourceType = sourceType
        self.destPort = destPort; self.destType = destType; self.destServicePortNum = nil
        self.action = action; self.reporter = reporter
        self.bytesIn = 0; self.bytesOut = 0; self.packetsIn = 0; self.packetsOut = 0
        self.numFlows = 0; self.numFlowsStarted = 0; self.numFlowsCompleted = 0
        self.httpRequestsAllowedIn = 0; self.httpRequestsDeniedIn = 0; self.numOriginalSourceIPs = 0
        self.timestamp = endTime * 1000
        self.text = FlowLogText(
            sourceName: sourceName, sourceNameAggr: sourceNameAggr, sourceNamespace: sourceNamespace,
            destName: destName, destNameAggr: destNameAggr, destNamespace: destNamespace,
            proto: proto, policies: policies)
    }

    /// A record to overwrite (`FlowLogDecoder.nextRecord(into:from:file:)`).
    public static let placeholder = FlowLog(
        startTime: 0, endTime: 0, sourceNameAggr: "", sourceNamespace: "", sourceType: .wep, destNameAggr: "",
        destNamespace: "", destType: .wep, destPort: nil, proto: "", action: .allow, reporter: .src)

    public static func == (a: FlowLog, b: FlowLog) -> Bool {
        guard
            a.startTime == b.startTime && a.endTime == b.endTime && a.sourcePort == b.sourcePort
                && a.sourceType == b.sourceType && a.destPort == b.destPort && a.destType == b.destType
                && a.destServicePortNum == b.destServicePortNum && a.action == b.action && a.reporter == b.reporter
                && a.bytesIn == b.bytesIn && a.bytesOut == b.bytesOut && a.packetsIn == b.packetsIn
                && a.packetsOut == b.packetsOut && a.numFlows == b.numFlows && a.numFlowsStarted == b.numFlowsStarted
                && a.numFlowsCompleted == b.numFlowsCompleted && a.httpRequestsAllowedIn == b.httpRequestsAllowedIn
                && a.httpRequestsDeniedIn == b.httpRequestsDeniedIn && a.numOriginalSourceIPs == b.numOriginalSourceIPs
                && a.timestamp == b.timestamp
        else { return false }
        return a.text === b.text || a.text == b.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(startTime)
        hasher.combine(endTime)
        hasher.combine(sourcePort)
        hasher.combine(sourceType)
        hasher.combine(destPort)
        hasher.combine(destType)
        hasher.combine(destServicePortNum)
        hasher.combine(action)
        hasher.combine(reporter)
        hasher.combine(bytesIn)
        hasher.combine(bytesOut)
        hasher.combine(packetsIn)
        hasher.combine(packetsOut)
        hasher.combine(numFlows)
        hasher.combine(numFlowsStarted)
        hasher.combine(numFlowsCompleted)
        hasher.combine(httpRequestsAllowedIn)
        hasher.combine(httpRequestsDeniedIn)
        hasher.combine(numOriginalSourceIPs)
        hasher.combine(timestamp)
        text.hash(into: &hasher)
    }

    /// Parsed `policies.enforced_policies`.
    public var enforcedHits: [PolicyHit] { policies.enforcedPolicies.compactMap(PolicyHit.init(parsing:)) }
    /// Parsed `policies.pending_policies`.
    public var pendingHits: [PolicyHit] { policies.pendingPolicies.compactMap(PolicyHit.init(parsing:)) }
}

/// The text fields of a flow log, shared between copies until one is modified.
final class FlowLogText: Hashable, @unchecked Sendable {
    var sourceIP: String?
    var sourceName: String
    var sourceNameAggr: String
    var sourceNamespace: String
    var sourceLabels: [String]?
    var destIP: String?
    var destName: String
    var destNameAggr: String
    var destNamespace: String
    var destLabels: [String]?
    var destServiceNamespace: String
    var destServiceName: String
    var destServicePort: String
    var destDomains: [String]?
    var proto: String
    var policies: FlowPolicies
    var host: String

    init(
        sourceName: String, sourceNameAggr: String, sourceNamespace: String, destName: String, destNameAggr: String,
        destNamespace: String, proto: String, policies: FlowPolicies
    ) {
        sourceIP = nil; self.sourceName = sourceName; self.sourceNameAggr = sourceNameAggr;
        self.sourceNamespace = sourceNamespace
        sourceLabels = nil; destIP = nil; self.destName = destName; self.destNameAggr = destNameAggr;
        self.destNamespace = destNamespace
        destLabels = nil; destServiceNamespace = "-"; destServiceName = "-"; destServicePort = "-"; destDomains = nil
        self.proto = proto; self.policies = policies; host = ""
    }

    func copy() -> FlowLogText {
        let c = FlowLogText(
            sourceName: sourceName, sourceNameAggr: sourceNameAggr, sourceNamespace: sourceNamespace,
            destName: destName, destNameAggr: destNameAggr, destNamespace: destNamespace, proto: proto,
            policies: policies)
        c.sourceIP = sourceIP
        c.sourceLabels = sourceLabels
        c.destIP = destIP
        c.destLabels = destLabels
        c.destServiceNamespace = destServiceNamespace
        c.destServiceName = destServiceName
        c.destServicePort = destServicePort
        c.destDomains = destDomains
        c.host = host
        return c
    }

    static func == (a: FlowLogText, b: FlowLogText) -> Bool {
        a.sourceIP == b.sourceIP && a.sourceName == b.sourceName && a.sourceNameAggr == b.sourceNameAggr
            && a.sourceNamespace == b.sourceNamespace && a.sourceLabels == b.sourceLabels && a.destIP == b.destIP
            && a.destName == b.destName && a.destNameAggr == b.destNameAggr && a.destNamespace == b.destNamespace
            && a.destLabels == b.destLabels && a.destServiceNamespace == b.destServiceNamespace
            && a.destServiceName == b.destServiceName && a.destServicePort == b.destServicePort
            && a.destDomains == b.destDomains && a.proto == b.proto && a.policies == b.policies && a.host == b.host
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(sourceIP)
        hasher.combine(sourceName)
        hasher.combine(sourceNameAggr)
        hasher.combine(sourceNamespace)
        hasher.combine(sourceLabels)
        hasher.combine(destIP)
        hasher.combine(destName)
        hasher.combine(destNameAggr)
        hasher.combine(destNamespace)
        hasher.combine(destLabels)
        hasher.combine(destServiceNamespace)
        hasher.combine(destServiceName)
        hasher.combine(destServicePort)
        hasher.combine(destDomains)
        hasher.combine(proto)
        hasher.combine(policies)
        hasher.combine(host)
    }
}
