/// Everything a capacity (what-if) report shows: one engine setting measured at several cluster sizes.
/// Timings and memory are measured by the caller (the Harness); the report never reads clocks.
public struct CapacityReportData: Sendable, Hashable {
    public var scenario: String
    /// Engine processing interval in seconds: a tick slower than this cannot keep up.
    public var intervalSeconds: Double
    /// Flow-log query window (lookback) in seconds, for the records-per-window figure's label.
    public var queryWindowSeconds: Int64
    /// Largest rule count a policy may hold (Calico's limit as configured).
    public var maxRules: Int
    /// The size dimension on the charts' x axis.
    public var primaryAxis: CapacitySizeAxis
    /// One point per measured cluster size, in any order (the report sorts by the primary axis).
    public var points: [CapacityPoint]
    /// Namespace counts to project each figure's fitted growth to (`--project`); shown only with a fit.
    public var projectTo: [Int]
    /// The named assumptions the study rests on and the engine's warnings; nil: not known (not printed).
    public var assumptions: AssumptionsBlock?
    /// The delivery model and engine faults the study ran with; nil: not known (not printed).
    public var delivery: String?
    public var faults: String?

    public init(
        scenario: String, intervalSeconds: Double, queryWindowSeconds: Int64, maxRules: Int,
        primaryAxis: CapacitySizeAxis = .namespaces, points: [CapacityPoint], projectTo: [Int] = [],
        assumptions: AssumptionsBlock? = nil
    ) {
        self.assumptions = assumptions
        self.scenario = scenario; self.intervalSeconds = intervalSeconds; self.queryWindowSeconds = queryWindowSeconds
        self.maxRules = maxRules; self.primaryAxis = primaryAxis; self.points = points; self.projectTo = projectTo
    }
}

/// How big a simulated cluster is.
public struct ClusterSize: Sendable, Hashable {
    public var namespaces: Int
    public var workloads: Int
    /// Connection attempts per (virtual) second, all namespaces.
    public var flowsPerSecond: Double
    public init(namespaces: Int, workloads: Int, flowsPerSecond: Double) {
        self.namespaces = namespaces; self.workloads = workloads; self.flowsPerSecond = flowsPerSecond
    }

    public subscript(axis: CapacitySizeAxis) -> Double {
        switch axis {
        case .namespaces: Double(namespaces)
        case .workloads: Double(workloads)
        case .flowsPerSecond: flowsPerSecond
        }
    }

    /// `20 ns / 200 workloads / 50 flows/s`.
    public var label: String {
        "\(namespaces) ns / \(workloads) workloads / \(Format.number(flowsPerSecond)) flows/s"
    }
}

/// A dimension of cluster size.
public enum CapacitySizeAxis: String, Sendable, Hashable, CaseIterable {
    case namespaces, workloads, flowsPerSecond

    /// Human name, used in "≈ linear in …".
    public var title: String {
        switch self {
        case .namespaces: "namespaces"
        case .workloads: "workloads"
        case .flowsPerSecond: "flows per second"
        }
    }
}

/// A median and a maximum over the policies of one run.
public struct Spread: Sendable, Hashable {
    public var median: Double
    public var max: Double
    public init(median: Double, max: Double) { self.median = median; self.max = max }
}

/// Engine wall time per tick in seconds (measured by the caller).
public struct TickTime: Sendable, Hashable {
    public var mean: Double
    public var p95: Double
    public var max: Double
    public init(mean: Double, p95: Double, max: Double) { self.mean = mean; self.p95 = p95; self.max = max }
}

/// The figures measured at one cluster size.
public struct CapacityPoint: Sendable, Hashable {
    public var size: ClusterSize
    /// Flow-log records written per processing interval (mean).
    public var recordsPerInterval: Double
    /// Flow-log records one engine query reads (mean over ticks with a full window).
    public var recordsPerQueryWindow: Double
    /// Rules per recommended policy (egress + ingress).
    public var rulesPerPolicy: Spread
    /// Size of a staged policy's YAML in bytes.
    public var stagedPolicyYAMLBytes: Spread
    public var engineTickSeconds: TickTime
    /// Peak resident memory of the run in bytes; nil when not measured.
    public var peakMemoryBytes: Double?
    /// Results-database growth per simulated day, in bytes.
    public var databaseBytesPerDay: Double

    public init(
        size: ClusterSize, recordsPerInterval: Double, recordsPerQueryWindow: Double, rulesPerPolicy: Spread,
        stagedPolicyYAMLBytes: Spread, engineTickSeconds: TickTime, peakMemoryBytes: Double?,
        databaseBytesPerDay: Double
    ) {
        self.size = size; self.recordsPerInterval = recordsPerInterval;
        self.recordsPerQueryWindow = recordsPerQueryWindow
        self.rulesPerPolicy = rulesPerPolicy; self.stagedPolicyYAMLBytes = stagedPolicyYAMLBytes
        self.engineTickSeconds = engineTickSeconds; self.peakMemoryBytes = peakMemoryBytes
        self.databaseBytesPerDay = databaseBytesPerDay
    }

    /// Why this point no longer fits the setting (empty when it fits): the slowest tick exceeds the
    /// interval, or the largest policy exceeds `maxRules`.
    public func limitsExceeded(intervalSeconds: Double, maxRules: Int) -> [CapacityLimit] {
        var out: [CapacityLimit] = []
        if engineTickSeconds.max > intervalSeconds { out.append(.tickLongerThanInterval) }
        if rulesPerPolicy.max > Double(maxRules) { out.append(.tooManyRules) }
        return out
    }
}

/// A limit a cluster size can exceed.
public enum CapacityLimit: String, Sendable, Hashable, CaseIterable {
    /// The slowest engine tick took longer than the processing interval.
    case tickLongerThanInterval = "tick > interval"
    /// The largest recommended policy has more rules than `maxRules`.
    case tooManyRules = "rules > maxRules"
}
