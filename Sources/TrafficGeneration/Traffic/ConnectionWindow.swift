import CalicoModel
import PolicyEvaluation
import Scenario
import Simulation

/// How many connections of a class one pattern produced, with the pattern's ground truth.
public struct PatternCount: Hashable, Sendable {
    public var patternID: String
    public var rarity: Rarity
    public var truth: GroundTruth
    public var count: Int64
    public init(patternID: String, rarity: Rarity, truth: GroundTruth, count: Int64) {
        self.patternID = patternID; self.rarity = rarity; self.truth = truth; self.count = count
    }
}

/// Identical connection attempts of one window: same pods/addresses, port, protocol, service and domains.
///
/// Classes from the simulator are a few integers into a table shared by the whole run, so windows of
/// millions of classes copy cheaply; `connection`, the nodes and `truth` are materialised on access.
public struct ConnectionClass: Sendable {
    let table: ConnectionTables
    let identity: ClassIdentity
    /// Connections attempted.
    public var count: Int64
    /// Bytes and packets from the client's point of view (sent = client → server).
    public var bytesSent: Int64
    public var bytesReceived: Int64
    public var packetsSent: Int64
    public var packetsReceived: Int64
    var firstTruth: TruthEntry
    var moreTruth: [TruthEntry]

    init(
        table: ConnectionTables, identity: ClassIdentity, count: Int64, bytesSent: Int64, bytesReceived: Int64,
        packetsSent: Int64, packetsReceived: Int64, firstTruth: TruthEntry, moreTruth: [TruthEntry]
    ) {
        self.table = table; self.identity = identity; self.count = count
        self.bytesSent = bytesSent; self.bytesReceived = bytesReceived; self.packetsSent = packetsSent
        self.packetsReceived = packetsReceived; self.firstTruth = firstTruth; self.moreTruth = moreTruth
    }

    /// A class built outside the simulator (e.g. from recorded traffic).
    public init(
        connection: Connection, sourceNode: String?, destinationNode: String?, count: Int64,
        bytesSent: Int64 = 0, bytesReceived: Int64 = 0, packetsSent: Int64 = 0, packetsReceived: Int64 = 0,
        truth: [PatternCount]
    ) {
        let t = ConnectionTemplate(
            port: connection.destinationPort, proto: connection.protocol, service: connection.service,
            domains: connection.destinationDomains)
        table = ConnectionTables(
            endpoints: [connection.source, connection.destination], nodes: [sourceNode, destinationNode],
            templates: [t],
            patterns: truth.map { ConnectionTables.PatternInfo(id: $0.patternID, rarity: $0.rarity, truth: $0.truth) },
            workloadOfEndpoint: [-1, -1], sourcePort: connection.sourcePort)
        identity = ClassIdentity(
            source: 0, destination: 1, sourceGroup: table.groups[0], destinationGroup: table.groups[1],
            template: 0, sourceNode: sourceNode == nil ? -1 : 0, destinationNode: destinationNode == nil ? -1 : 1)
        self.count = count; self.bytesSent = bytesSent; self.bytesReceived = bytesReceived
        self.packetsSent = packetsSent; self.packetsReceived = packetsReceived
        let entries = truth.enumerated().map { TruthEntry(pattern: Int32($0.offset), count: $0.element.count) }
        firstTruth = entries.first ?? TruthEntry(pattern: -1, count: 0)
        moreTruth = Array(entries.dropFirst())
    }

    public var connection: Connection {
        let t = table.templates[Int(identity.template)]
        return Connection(
            source: table.endpoints[Int(identity.source)], destination: table.endpoints[Int(identity.destination)],
            protocol: t.proto, destinationPort: t.port, sourcePort: table.sourcePort, service: t.service,
            destinationDomains: t.domains)
    }
    /// Node of the source pod (nil when the source is not a Calico endpoint).
    public var sourceNode: String? { table.nodes[Int(identity.source)] }
    /// Node of the destination pod (nil when the destination is not a Calico endpoint).
    public var destinationNode: String? { table.nodes[Int(identity.destination)] }
    /// Which patterns produced these connections (in order of first contribution).
    public var truth: [PatternCount] {
        guard firstTruth.pattern >= 0 else { return [] }
        var out = [table.patternCount(firstTruth)]
        for e in moreTruth { out.append(table.patternCount(e)) }
        return out
    }
}

/// A pattern's contribution to a class: pattern index in the run table, connections.
struct TruthEntry: Sendable {
    var pattern: Int32
    var count: Int64
}

/// Interned identities of a class: endpoints, their aggregation groups (workload for pods), template, nodes.
struct ClassIdentity: Hashable, Sendable {
    var source: Int32, destination: Int32
    var sourceGroup: Int32, destinationGroup: Int32
    var template: Int32
    var sourceNode: Int32, destinationNode: Int32
}

/// Everything a run's classes point into: endpoints, nodes, templates, patterns; immutable and shared.
final class ConnectionTables: Sendable {
    struct PatternInfo: Sendable { var id: String; var rarity: Rarity; var truth: GroundTruth }
    let endpoints: [FlowEndpoint]
    let nodes: [String?]
    /// Per endpoint: aggregation group (the workload index for pods; a negative id per (type, namespace,
    /// aggregated name) otherwise).
    let groups: [Int32]
    /// Per endpoint: flow-log label strings.
    let labels: [[String]?]
    /// Per endpoint: the flow-log fields of that end of a record, prepared once.
    let fields: [EndpointFields]
    let templates: [ConnectionTemplate]
    /// Per template: flow-log `proto`.
    let protoNames: [String]
    /// Per template: the id of the same template without its port (aggregation level 3 merges ports).
    let portlessTemplates: [Int32]
    let patterns: [PatternInfo]
    /// For classes built outside the simulator.
    let sourcePort: UInt16?

    /// An endpoint's flow-log label strings (`key=value`, sorted by key); nil for networks, which have none.
    static func labelStrings(_ e: FlowEndpoint) -> [String]? {
        e.kind == .network ? nil : e.labels.sortedPairs.map { "\($0.key)=\($0.value)" }
    }

    init(
        endpoints: [FlowEndpoint], nodes: [String?], templates: [ConnectionTemplate], patterns: [PatternInfo],
        workloadOfEndpoint: [Int], sourcePort: UInt16? = nil
    ) {
        self.endpoints = endpoints; self.nodes = nodes; self.templates = templates; self.patterns = patterns
        self.sourcePort = sourcePort
        labels = endpoints.map(Self.labelStrings)
        fields = endpoints.map(EndpointFields.init)
        protoNames = templates.map { $0.proto.flowLogName }
        var portless: [ConnectionTemplate: Int32] = [:]
        portlessTemplates = templates.enumerated().map { i, t in
            var k = t
            k.port = nil
            if let j = portless[k] { return j }
            portless[k] = Int32(i)
            return Int32(i)
        }
        var addressGroups: [String: Int32] = [:]
        var groups: [Int32] = []
        for (i, e) in endpoints.enumerated() {
            if workloadOfEndpoint[i] >= 0 { groups.append(Int32(workloadOfEndpoint[i])); continue }
            let k = "\(e.flowLogType.rawValue)|\(e.namespace ?? "-")|\(e.aggregatedName)"
            if let g = addressGroups[k] { groups.append(g); continue }
            let g = Int32(-1 - addressGroups.count)
            addressGroups[k] = g
            groups.append(g)
        }
        self.groups = groups
    }

    func patternCount(_ e: TruthEntry) -> PatternCount {
        let p = patterns[Int(e.pattern)]
        return PatternCount(patternID: p.id, rarity: p.rarity, truth: p.truth, count: e.count)
    }
}

/// One end of a flow-log record, as strings ready to copy.
struct EndpointFields: Sendable {
    var reports: Bool
    var isWorkload: Bool
    var name: String
    var aggregatedName: String
    var namespace: String
    var type: EndpointType
    var ip: String?
    init(_ e: FlowEndpoint) {
        reports = e.kind == .workload || e.kind == .hostEndpoint
        isWorkload = e.kind == .workload
        name = e.name; aggregatedName = e.aggregatedName; namespace = e.namespace ?? "-"
        type = e.flowLogType; ip = e.ip?.description
    }
}

/// A change of the cluster or of the traffic, as it happened during a window.
public struct TopologyChange: Hashable, Sendable {
    public var at: SimInstant
    public var change: ScenarioEvent.Change
}

/// The policy-independent connection attempts of one flush window, in a deterministic order.
public struct ConnectionWindow: Sendable {
    /// 0-based window number.
    public var index: Int
    public var start: SimInstant
    public var end: SimInstant
    public var connections: [ConnectionClass]
    /// Changes applied during the window, in time order.
    public var topologyChanges: [TopologyChange]
    /// Namespaces present at the end of the window, in declaration order.
    public var presentNamespaces: [String]
    /// The simulator's table (nil for windows built by hand); classes pointing into it aggregate by integers.
    var table: ConnectionTables?

    public init(
        index: Int, start: SimInstant, end: SimInstant, connections: [ConnectionClass],
        topologyChanges: [TopologyChange] = [], presentNamespaces: [String] = []
    ) {
        self.index = index; self.start = start; self.end = end; self.connections = connections
        self.topologyChanges = topologyChanges; self.presentNamespaces = presentNamespaces
    }
}

/// Identifies a class's connection — its two endpoints and its template (port, protocol, service, domains) —
/// among all windows of one simulation, so that callers can memoise per-connection work across windows.
public struct ConnectionKey: FastHashable, Hashable, Sendable {
    public let source: Int32, destination: Int32, template: Int32
    public var fastHash: UInt64 {
        fastMix(
            fastMix(UInt64(UInt32(bitPattern: source)) << 32 | UInt64(UInt32(bitPattern: destination)))
                ^ UInt64(UInt32(bitPattern: template)))
    }
}

extension ConnectionWindow {
    /// The simulation this window came from (the same object for every window of one simulation); nil for
    /// windows built by hand. Keys from `key(of:)` are comparable only under the same token.
    public var simulationToken: (any AnyObject & Sendable)? { table }

    /// The key of `c` when it belongs to this window's simulation; nil for classes built outside it.
    @inline(__always)
    public func key(of c: ConnectionClass) -> ConnectionKey? {
        guard let table, c.table === table else { return nil }
        return ConnectionKey(
            source: c.identity.source, destination: c.identity.destination, template: c.identity.template)
    }
}

extension ConnectionClass {
    /// Calls `body` with each contributing pattern's index in the simulation's pattern table and its connections,
    /// in the order of `truth`. Indices are comparable across windows only for classes `ConnectionWindow.key(of:)`
    /// gives a key for; look them up with `ConnectionWindow.pattern(at:)`.
    @inline(__always)
    public func forEachPattern(_ body: (Int32, Int64) -> Void) {
        guard firstTruth.pattern >= 0 else { return }
        body(firstTruth.pattern, firstTruth.count)
        for e in moreTruth { body(e.pattern, e.count) }
    }
}

extension ConnectionWindow {
    /// A pattern of this window's simulation by its table index (see `ConnectionClass.forEachPattern`).
    public func pattern(at index: Int32) -> (id: String, rarity: Rarity, truth: GroundTruth)? {
        guard let table, index >= 0, Int(index) < table.patterns.count else { return nil }
        let p = table.patterns[Int(index)]
        return (p.id, p.rarity, p.truth)
    }
}
