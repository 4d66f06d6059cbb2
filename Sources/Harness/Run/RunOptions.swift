import CalicoModel
import RecommendationEngine
import Scenario
import Simulation

/// How to run a scenario: overrides of the scenario's own settings.
public struct RunOptions: Sendable {
    /// Seed; nil uses the scenario's.
    public var seed: UInt64?
    /// A `PolicyRecommendationScope` replacing the scenario's (`--scope FILE`).
    public var scope: PolicyRecommendationScope?
    /// Simulated duration; nil uses the scenario's.
    public var duration: SimDuration?
    /// Assumption values (`--assume`) replacing the scenario's own (`assume:`), e.g. `defaults=docs` for the
    /// documented defaults or `max-rules=contract-domains` for the spec-intended contraction.
    public var assumptions: AssumptionOverrides
    /// The warm start (`--engine-start`); nil uses the scenario's `engineStart`.
    public var engineStart: SimDuration?
    /// Delay from a flow log's flush to when the engine's query can see it (`--ingestion-latency`); nil uses the
    /// scenario's `flowLogs.ingestionLatency`.
    public var ingestionLatency: IngestionLatency?
    /// Fraction of flow logs never searchable (`--loss`); nil uses the scenario's `flowLogs.loss`.
    public var loss: Double?
    /// Each node's flush instants (`--flush-phase`); nil uses the scenario's `flowLogs.flushPhase`.
    public var flushPhase: FlushPhase?
    /// The flow-log store's retention (`--retention`); nil uses the scenario's `flowLogs.retention`.
    public var retention: SimDuration?
    /// Keep every flow-log line in the database (`--store-flows`).
    public var storeFlows: Bool
    /// Width of the `outcomes` time buckets.
    public var outcomeBucket: SimDuration
    /// Sweep grouping and shard label stored with the run.
    public var sweepID: String?
    public var shard: String?

    public init(
        seed: UInt64? = nil, scope: PolicyRecommendationScope? = nil, duration: SimDuration? = nil,
        assumptions: AssumptionOverrides = AssumptionOverrides(),
        storeFlows: Bool = false, outcomeBucket: SimDuration = .hours(1), sweepID: String? = nil, shard: String? = nil
    ) {
        self.seed = seed; self.scope = scope; self.duration = duration; self.assumptions = assumptions
        self.storeFlows = storeFlows; self.outcomeBucket = outcomeBucket
        self.sweepID = sweepID; self.shard = shard
    }
}

/// The scope the engine runs with when neither the scenario nor the command line gives one: enabled, with
/// the engine's own default selector (SPEC §1.4) and every duration left to the defaults profile.
public let defaultRunScope = PolicyRecommendationScope(
    spec: .init(
        namespaceSpec: .init(
            recStatus: .enabled,
            selector:
                "(!projectcalico.org/name starts with \"tigera-\" && !projectcalico.org/name starts with \"calico-\" && !projectcalico.org/name starts with \"kube-\" && !projectcalico.org/name starts with \"openshift-\")"
        )))
