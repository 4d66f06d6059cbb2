import CalicoModel
import PolicyEvaluation
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
public struct ConnectionClass: Sendable {
    public var connection: Connection
    /// Node of the source pod (nil when the source is not a Calico endpoint).
    public var sourceNode: String?
    /// Node of the destination pod (nil when the destination is not a Calico endpoint).
    public var destinationNode: String?
    /// Connections attempted.
    public var count: Int64
    /// Bytes and packets from the client's point of view (sent = client → server).
    public var bytesSent: Int64
    public var bytesReceived: Int64
    public var packetsSent: Int64
    public var packetsReceived: Int64
    /// Which patterns produced these connections (in order of first contribution).
    public var truth: [PatternCount]
    /// Integer identities from the simulator, so aggregation compares integers instead of strings.
    var identity: ClassIdentity?

    public init(connection: Connection, sourceNode: String?, destinationNode: String?, count: Int64,
                bytesSent: Int64, bytesReceived: Int64, packetsSent: Int64, packetsReceived: Int64, truth: [PatternCount]) {
        self.connection = connection; self.sourceNode = sourceNode; self.destinationNode = destinationNode; self.count = count
        self.bytesSent = bytesSent; self.bytesReceived = bytesReceived; self.packetsSent = packetsSent
        self.packetsReceived = packetsReceived; self.truth = truth
    }
}

/// Interned identities of a class: endpoints, their aggregation groups (workload for pods), template, nodes.
struct ClassIdentity: Hashable, Sendable {
    var source: Int32, destination: Int32
    var sourceGroup: Int32, destinationGroup: Int32
    var template: Int32
    var sourceNode: Int32, destinationNode: Int32
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
}
