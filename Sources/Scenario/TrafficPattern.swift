import CalicoModel
import Simulation

/// How often a pattern's traffic recurs; scoring reports false denies per class.
public enum Rarity: String, Hashable, Sendable, CaseIterable, Comparable {
    case steady, hourly, daily, weekly, monthly, once, attack

    /// Class of a recurring pattern with the given period: < 1h steady, < 1d hourly, < 1w daily, < 28d weekly, else monthly.
    public static func forPeriod(_ p: SimDuration) -> Rarity {
        if p.seconds < 3600 { return .steady }
        if p.seconds < 86_400 { return .hourly }
        if p.seconds < 604_800 { return .daily }
        if p.seconds < 28 * 86_400 { return .weekly }
        return .monthly
    }
    public static func < (a: Rarity, b: Rarity) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
}

/// Ground truth of a connection: expected traffic, or an attacker's probe.
public enum GroundTruth: String, Hashable, Sendable, CaseIterable { case legit, attack }

/// Where a pattern's connections come from.
public enum TrafficSource: Hashable, Sendable {
    case workload(namespace: String, name: String)
    case external(String)
    /// A network set (`namespace == nil` for a GlobalNetworkSet); connections come from its first address.
    case networkSet(namespace: String?, name: String)
}

/// Where a pattern's connections go.
public enum TrafficDestination: Hashable, Sendable {
    case workload(namespace: String, name: String)
    case service(namespace: String, name: String)
    case networkSet(namespace: String?, name: String)
    case external(String)
    case address(IPAddress, domains: [String])
}

/// A destination port: a number, or a name (a service port name, else a container port name).
public enum PortReference: Hashable, Sendable, CustomStringConvertible {
    case number(UInt16)
    case name(String)
    public var description: String {
        switch self {
        case .number(let n): return String(n);
        case .name(let s): return s
        }
    }
}

/// A recurrence period: a fixed span, or calendar months.
public enum Period: Hashable, Sendable, CustomStringConvertible {
    case fixed(SimDuration)
    case months(Int)
    /// Nominal length (a month counts as 30 days), for rarity and validation.
    public var nominal: SimDuration {
        switch self {
        case .fixed(let d): return d;
        case .months(let n): return .days(30 * Int64(n))
        }
    }
    public var description: String {
        switch self {
        case .fixed(let d): return d.compact;
        case .months(let n): return "\(n)mo"
        }
    }
}

/// Average bytes per connection, from the client's point of view.
public struct FlowSize: Hashable, Sendable {
    public var sent: Int64
    public var received: Int64
    public init(sent: Int64 = 600, received: Int64 = 1800) { self.sent = sent; self.received = received }
}

/// The closed set of traffic shapes.
public enum PatternShape: Hashable, Sendable {
    /// Poisson arrivals at `ratePerHour`; with `diurnal`, the rate follows
    /// `rate × max(0, 1 + amplitude × cos(2π (hour − peakHour) / 24))`.
    case steady(ratePerHour: Double, diurnal: Diurnal?)
    /// Like cron: every period, at `phase` after the period start (UTC-aligned: minutes/hours/days to the
    /// Unix epoch, weeks to Monday 00:00, months to the 1st), plus a uniform jitter in [0, jitter);
    /// `connections` per firing, spread uniformly over [0, spread).
    case periodic(every: Period, phase: SimDuration, jitter: SimDuration, connections: Int, spread: SimDuration)
    /// Poisson arrivals at `ratePerHour` during `on` spans separated by `off` spans, starting `phase` after the
    /// scenario start; each cycle's start is delayed by a uniform jitter in [0, jitter).
    case burst(on: SimDuration, off: SimDuration, ratePerHour: Double, phase: SimDuration, jitter: SimDuration)
    /// `connections` at `at` after the scenario start, spread over [0, spread).
    case once(at: SimDuration, connections: Int, spread: SimDuration)
    /// Lateral-movement probes at `ratePerHour`, each to a random present workload in `namespaces` (nil: every
    /// namespace but the source's) on a random port of `ports`.
    case attack(ratePerHour: Double, ports: [UInt16], namespaces: [String]?)

    public var kindName: String {
        switch self {
        case .steady: return "steady"
        case .periodic: return "periodic"
        case .burst: return "burst"
        case .once: return "once"
        case .attack: return "attack"
        }
    }
}

public struct Diurnal: Hashable, Sendable {
    public var amplitude: Double
    public var peakHour: Double
    public init(amplitude: Double, peakHour: Double) { self.amplitude = amplitude; self.peakHour = peakHour }
}

/// One traffic pattern: a stable id, a source, a destination, a port, a shape, and its ground truth.
public struct TrafficPattern: Hashable, Sendable {
    /// Stable id; also the label its random stream is derived from.
    public var id: String
    /// The id written in the scenario (differs from `id` for `eachWorkload` expansions).
    public var groupID: String
    public var source: TrafficSource
    /// nil for `attack` (targets are drawn per probe).
    public var destination: TrafficDestination?
    public var port: PortReference?
    public var `protocol`: ProtocolValue
    public var shape: PatternShape
    public var rarity: Rarity
    public var truth: GroundTruth
    public var size: FlowSize
    /// 1-based line in the scenario file.
    public var line: Int

    public init(
        id: String, groupID: String? = nil, source: TrafficSource, destination: TrafficDestination?,
        port: PortReference?,
        protocol: ProtocolValue = .tcp, shape: PatternShape, rarity: Rarity? = nil, size: FlowSize = FlowSize(),
        line: Int = 0
    ) {
        self.id = id; self.groupID = groupID ?? id; self.source = source; self.destination = destination;
        self.port = port
        self.protocol = `protocol`; self.shape = shape; self.size = size; self.line = line
        if case .attack = shape { truth = .attack } else { truth = .legit }
        self.rarity = rarity ?? TrafficPattern.defaultRarity(shape)
    }

    public static func defaultRarity(_ shape: PatternShape) -> Rarity {
        switch shape {
        case .steady: return .steady
        case .periodic(let every, _, _, _, _): return Rarity.forPeriod(every.nominal)
        case .burst(let on, let off, _, _, _): return Rarity.forPeriod(on + off)
        case .once: return .once
        case .attack: return .attack
        }
    }
}
