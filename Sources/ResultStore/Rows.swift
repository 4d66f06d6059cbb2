import CalicoModel
import Scenario
import Simulation

/// Lifecycle of a run row.
public enum RunStatus: String, Sendable, Hashable, CaseIterable {
    /// Started and still being written by the process that opened the store.
    case running
    /// `finishRun` was called: every chunk and the fingerprint are stored.
    case complete
    /// Started but never finished (the writer was killed or dropped the store); data is partial.
    case incomplete
    /// Stopped on request (SIGINT or SIGTERM) before it finished; data is partial.
    case interrupted
}

/// What a run is, as known when it starts.
public struct RunInfo: Sendable, Hashable {
    public var scenario: String
    /// The run's seed. Stored as the same 64 bits in a signed SQLite `INTEGER`.
    public var seed: UInt64
    /// What the run ran with (stored as `settings.canonicalJSON`).
    public var settings: RunSettings
    /// The stored form of `settings`: canonical JSON, the same bytes for equal settings.
    public var settingsJSON: String { settings.canonicalJSON }
    /// Groups the points of one sweep; nil for a single run.
    public var sweepID: String?
    /// Which shard of a sharded sweep wrote the run (e.g. `2/8`); nil when not sharded.
    public var shard: String?
    /// Virtual time the scenario starts and ends.
    public var virtualStart: SimInstant
    public var virtualEnd: SimInstant
    /// Wall-clock start time, only if the caller chooses to record one (library code never reads clocks).
    public var startedAt: String?

    public init(
        scenario: String, seed: UInt64, settings: RunSettings, sweepID: String? = nil, shard: String? = nil,
        virtualStart: SimInstant, virtualEnd: SimInstant, startedAt: String? = nil
    ) {
        self.scenario = scenario; self.seed = seed; self.settings = settings
        self.sweepID = sweepID; self.shard = shard
        self.virtualStart = virtualStart; self.virtualEnd = virtualEnd; self.startedAt = startedAt
    }
}

/// A stored run.
public struct RunRow: Sendable, Hashable, Identifiable {
    /// Row id; also the creation order within a file.
    public var id: Int64
    public var info: RunInfo
    public var status: RunStatus
    /// Set by `finishRun`; nil while running or when incomplete.
    public var fingerprint: String?

    public init(id: Int64, info: RunInfo, status: RunStatus, fingerprint: String?) {
        self.id = id; self.info = info; self.status = status; self.fingerprint = fingerprint
    }
}

/// Why a recommendation version was recorded.
public enum RecommendationEvent: String, Sendable, Hashable, CaseIterable {
    /// First version of a namespace's recommendation.
    case created
    /// Rules changed.
    case updated
    /// Only the status changed.
    case status
    /// The policy got a new name (`detail` holds the old name).
    case renamed
    /// The engine deleted the recommendation.
    case deleted
    /// A scripted user action (`detail` names it: activate, dismiss, reactivate, enforce, delete-enforced).
    case userAction = "user-action"
}

/// One version of one namespace's recommended staged policy.
public struct RecommendationRow: Sendable, Hashable {
    public var time: SimInstant
    public var namespace: String
    public var name: String
    public var status: RecommendationStatus
    public var stagedAction: StagedAction
    public var egressRules: Int
    public var ingressRules: Int
    public var event: RecommendationEvent
    /// Event detail (old name on rename, the action on user actions); empty otherwise.
    public var detail: String
    /// The full staged policy as Calico YAML.
    public var yaml: String

    public init(
        time: SimInstant, namespace: String, name: String, status: RecommendationStatus, stagedAction: StagedAction,
        egressRules: Int, ingressRules: Int, event: RecommendationEvent, detail: String = "", yaml: String
    ) {
        self.time = time; self.namespace = namespace; self.name = name; self.status = status
        self.stagedAction = stagedAction; self.egressRules = egressRules; self.ingressRules = ingressRules
        self.event = event; self.detail = detail; self.yaml = yaml
    }
}

/// Aggregated verdict counts for one (time bucket, namespace, pattern, reporter, verdicts, phase) cell.
public struct OutcomeRow: Sendable, Hashable {
    public var bucketStart: SimInstant
    public var namespace: String
    public var patternID: String
    public var rarity: Rarity
    public var truth: GroundTruth
    public var reporter: Reporter
    /// Verdict with staged (pending) policies applied.
    public var pendingVerdict: FlowAction
    /// Verdict of the enforced policies.
    public var enforcedVerdict: FlowAction
    /// Scoring phase, e.g. `learning` or `after-stable`.
    public var phase: String
    /// SQLiteConnection attempts in the cell.
    public var flows: Int
    /// Flow-log records in the cell.
    public var records: Int

    public init(
        bucketStart: SimInstant, namespace: String, patternID: String, rarity: Rarity, truth: GroundTruth,
        reporter: Reporter, pendingVerdict: FlowAction, enforcedVerdict: FlowAction, phase: String,
        flows: Int, records: Int
    ) {
        self.bucketStart = bucketStart; self.namespace = namespace; self.patternID = patternID; self.rarity = rarity
        self.truth = truth; self.reporter = reporter; self.pendingVerdict = pendingVerdict
        self.enforcedVerdict = enforcedVerdict; self.phase = phase; self.flows = flows; self.records = records
    }
}

/// One flow class behind a namespace's answer: legit traffic denied after Stable (by the staged policy, or by the
/// version frozen at Stable) or attack traffic allowed. Times are virtual; nil when it never happened.
public struct ClassVerdictRow: Sendable, Hashable {
    public var namespace: String
    /// `reporter|source|destination|protocol|port`.
    public var flowClass: String
    public var patternID: String
    public var rarity: Rarity
    public var truth: GroundTruth
    public var reporter: Reporter
    public var atStableDeniedFlows: Int
    public var atStableFirstDenied: SimInstant?
    public var afterStableDeniedFlows: Int
    public var afterStableFirstDenied: SimInstant?
    public var learnedAt: SimInstant?
    public var missedFlows: Int
    public var firstMissed: SimInstant?

    public init(
        namespace: String, flowClass: String, patternID: String, rarity: Rarity, truth: GroundTruth, reporter: Reporter,
        atStableDeniedFlows: Int, atStableFirstDenied: SimInstant?, afterStableDeniedFlows: Int,
        afterStableFirstDenied: SimInstant?, learnedAt: SimInstant?, missedFlows: Int, firstMissed: SimInstant?
    ) {
        self.namespace = namespace; self.flowClass = flowClass; self.patternID = patternID; self.rarity = rarity
        self.truth = truth; self.reporter = reporter; self.atStableDeniedFlows = atStableDeniedFlows
        self.atStableFirstDenied = atStableFirstDenied; self.afterStableDeniedFlows = afterStableDeniedFlows
        self.afterStableFirstDenied = afterStableFirstDenied; self.learnedAt = learnedAt
        self.missedFlows = missedFlows; self.firstMissed = firstMissed
    }

    /// The table's columns after `run_id`, in this order (writes, reads, import and merge).
    static let columns =
        "namespace, flow_class, pattern_id, rarity, truth, reporter, at_stable_denied_flows, at_stable_first_denied, "
        + "after_stable_denied_flows, after_stable_first_denied, learned_at, missed_flows, first_missed"
}

/// One named number of a run; `namespace` is empty for run-wide metrics.
public struct MetricRow: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var value: Double

    public init(namespace: String = "", name: String, value: Double) {
        self.namespace = namespace; self.name = name; self.value = value
    }
}

/// One raw flow-log line with its ground-truth annotation (both JSON text), stored only when asked for.
public struct FlowLogRow: Sendable, Hashable {
    public var line: String
    public var truth: String
    public init(line: String, truth: String) { self.line = line; self.truth = truth }
}

/// A run with all its metrics (see `ResultStore.metrics(sweepID:)`).
public struct RunMetrics: Sendable, Hashable {
    public var run: RunRow
    /// Ordered by namespace ('' first) then name.
    public var metrics: [MetricRow]
    public init(run: RunRow, metrics: [MetricRow]) { self.run = run; self.metrics = metrics }
}

/// One injected fault of a run (the `fault` table): a missed or delayed tick, a failed flow query, a failed
/// datastore write, an engine restart. `namespace` is empty when the fault is not one namespace's.
public struct FaultRow: Sendable, Hashable {
    public var time: SimInstant
    /// `engineRestart`, `missedTick`, `delayedTick`, `queryError` or `writeFailure`.
    public var kind: String
    public var namespace: String
    public var detail: String
    public init(time: SimInstant, kind: String, namespace: String, detail: String) {
        self.time = time; self.kind = kind; self.namespace = namespace; self.detail = detail
    }

    /// The table's columns after `run_id`, in this order (writes, reads, import and merge).
    static let columns = "seq, time, kind, namespace, detail"
}
