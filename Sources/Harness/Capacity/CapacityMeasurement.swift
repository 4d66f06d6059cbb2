/// What one capacity point (a scaled scenario, one seed) measured. Everything but `tick` and
/// `peakMemoryBytes` is a deterministic count of the simulation; those two are filled in by the caller,
/// which owns the clock (`TickTimer`) and reads the process's memory.
public struct CapacityMeasurement: Codable, Sendable, Hashable {
    /// The point this measures.
    public var point: CapacityPointSpec
    public var namespaces: Int
    public var workloads: Int
    /// Expected connection attempts per second of the scaled scenario (`TrafficRate`).
    public var expectedFlowsPerSecond: Double
    /// Connection attempts the simulation produced per virtual second.
    public var measuredFlowsPerSecond: Double
    /// Simulated days.
    public var days: Double
    public var flushIntervalSeconds: Double
    /// Engine processing interval, initial lookback and the query window after the first rule (2 × interval).
    public var intervalSeconds: Double
    public var initialLookbackSeconds: Double
    public var queryWindowSeconds: Double
    /// `spec.maxRules` of the scope, or the API default (20).
    public var maxRules: Int

    /// Flush windows and the flow-log records they produced.
    public var windows: Int
    public var records: Int
    public var maxRecordsPerWindow: Int
    /// Mean records per flush window × flush windows per processing interval.
    public var recordsPerInterval: Double
    /// Mean records per flush window × flush windows per query window (2 × interval): what one tick's
    /// queries scan across all namespaces once every recommendation has rules.
    public var recordsPerQueryWindow: Double
    /// The same for the initial lookback (24 h by default): a tick's scan before a namespace's first rule.
    public var recordsPerInitialLookback: Double
    public var ticks: Int
    /// Final recommendations, their rule counts (egress + ingress) and YAML sizes.
    public var policies: Int
    public var rulesMedian: Double
    public var rulesMax: Double
    public var yamlBytesMedian: Double
    public var yamlBytesMax: Double
    /// Size of a results database holding only this run (WAL checkpointed), and that per simulated day.
    public var databaseBytes: Int
    public var databaseBytesPerDay: Double
    /// The run's fingerprint (flow logs, policy versions, metrics): equal for equal inputs.
    public var fingerprint: String

    /// Engine time per tick (seconds), from the caller's clock; nil when not timed.
    public var tick: TickSeconds?
    /// Peak resident memory of the process that ran the point (VmHWM), in bytes; nil when unknown.
    public var peakMemoryBytes: Double?

    /// The measurement without the timing-dependent fields (`tick`, `peakMemoryBytes`): what must be equal
    /// whatever the parallelism.
    public var deterministic: CapacityMeasurement {
        var c = self; c.tick = nil; c.peakMemoryBytes = nil; return c
    }
}

/// Summary of engine tick durations in seconds.
public struct TickSeconds: Codable, Sendable, Hashable {
    public var count: Int
    public var mean: Double
    public var p95: Double
    public var max: Double
    public init(count: Int, mean: Double, p95: Double, max: Double) {
        self.count = count; self.mean = mean; self.p95 = p95; self.max = max
    }

    /// Summarises durations (nearest-rank p95); zeros for none.
    public init(durations: [Double]) {
        let sorted = durations.sorted()
        count = sorted.count
        guard !sorted.isEmpty else { mean = 0; p95 = 0; max = 0; return }
        mean = sorted.reduce(0, +) / Double(sorted.count)
        let rank = Int((0.95 * Double(sorted.count)).rounded(.up))
        p95 = sorted[Swift.max(0, Swift.min(sorted.count - 1, rank - 1))]
        max = sorted[sorted.count - 1]
    }
}

/// Median of sorted integers (mean of the middle two for an even count; 0 for none).
func median(_ sorted: [Int]) -> Double {
    guard !sorted.isEmpty else { return 0 }
    let m = sorted.count / 2
    return sorted.count % 2 == 1 ? Double(sorted[m]) : Double(sorted[m - 1] + sorted[m]) / 2
}
