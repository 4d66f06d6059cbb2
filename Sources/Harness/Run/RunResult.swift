import CalicoModel
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
    /// Recommendations (staged), the tier and enforced policies as of the end of the run.
    public var recommendations: [CalicoPolicy]
    public var tier: Tier?
    public var enforcedPolicies: [CalicoPolicy]
    /// Flow-log records emitted.
    public var flowLogRecords: Int
    /// Engine ticks run.
    public var ticks: Int

    /// Value of a metric; nil when absent.
    public func metric(_ name: String, namespace: String = "") -> Double? {
        metrics.first { $0.namespace == namespace && $0.name == name }?.value
    }
}
