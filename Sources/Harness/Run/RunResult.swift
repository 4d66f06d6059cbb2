import CalicoModel
import ResultStore
import Simulation

/// What a finished run produced (the database holds the full detail).
public struct RunResult: Sendable {
    public var runID: Int64?
    public var scenario: String
    public var seed: UInt64
    public var start: SimInstant
    public var end: SimInstant
    public var fingerprint: String
    public var metrics: [Metric]
    public var lifecycles: [RecommendationLifecycle]
    /// Settings warnings of the engine (scope validation, SPEC §1.5) and of the harness.
    public var warnings: [String]
    /// The faults injected, in order (empty without `faults:`).
    public var faults: [FaultRow] = []
    /// Recommendations (staged), the tier and enforced policies as of the end of the run.
    public var recommendations: [CalicoPolicy]
    public var tier: Tier?
    public var enforcedPolicies: [CalicoPolicy]
    /// Flow-log records emitted.
    public var flowLogRecords: Int
    /// Engine ticks run.
    public var ticks: Int
    /// Volumes for capacity reports.
    public var statistics: RunStatistics

    /// Value of a metric; nil when absent.
    public func metric(_ name: String, namespace: String = "") -> Double? {
        metrics.first { $0.namespace == namespace && $0.name == name }?.value
    }
}

/// Volumes of a run: flow-log records per window, ticks, policy sizes.
public struct RunStatistics: Sendable, Hashable {
    public var windows = 0
    public var records = 0
    public var maxRecordsPerWindow = 0
    public var ticks = 0
    /// The larger rule set (egress or ingress) of each final recommendation, sorted: the figure `maxRules`
    /// limits ("the maximum number of rules permitted in the ingress or egress set").
    public var rulesPerPolicy: [Int] = []
    /// YAML bytes of each final recommendation, sorted.
    public var yamlBytesPerPolicy: [Int] = []

    public init() {}

    mutating func record(window records: Int) {
        windows += 1
        self.records += records
        maxRecordsPerWindow = max(maxRecordsPerWindow, records)
    }

    mutating func finish(recommendations: [CalicoPolicy]) {
        rulesPerPolicy = recommendations.map { max($0.spec.egress?.count ?? 0, $0.spec.ingress?.count ?? 0) }.sorted()
        yamlBytesPerPolicy = recommendations.map { PolicyYAMLCache.encode($0).utf8.count }.sorted()
    }

    /// Mean flow-log records per flush window.
    public var meanRecordsPerWindow: Double { windows == 0 ? 0 : Double(records) / Double(windows) }
}
