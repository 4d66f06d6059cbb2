import CalicoModel
import RecommendationEngine
import Simulation
import Yams

/// A parsed scenario file (`scenarios/*.yaml`, documented in docs/scenarios.md): cluster, traffic, timed
/// events, and the recommendation settings and expectations other stages read.
public struct Scenario: Sendable {
    public var name: String
    /// Path the scenario was read from (for messages); `-` for text.
    public var file: String
    /// Seed used when the command line gives none.
    public var seed: UInt64
    /// Epoch of the virtual clock.
    public var start: SimInstant
    public var duration: SimDuration
    public var flowLogs: FlowLogSettings
    public var clusterDomain: String
    public var cluster: ClusterSpec
    /// Patterns after `eachWorkload` expansion, in file order.
    public var traffic: [TrafficPattern]
    /// Timed topology and pattern changes, sorted by time (stable).
    public var events: [ScenarioEvent]
    public var recommendation: RecommendationSettings
    /// Engine faults (`faults:`); none by default.
    public var faults = FaultSettings()
    /// The `expect:` section, for regression runs.
    public var expect: ExpectBlock?

    public static let defaultStart = SimInstant(unixSeconds: CivilTime.unixSeconds(year: 2026, month: 1, day: 5))
    public static let defaultSeed: UInt64 = 1

    /// The end of the simulated span.
    public var end: SimInstant { start + duration }
}

/// Flow-log export settings (Felix `flowLogsFlushInterval`, `flowLogsFileAggregationKindForAllowed`).
public struct FlowLogSettings: Hashable, Sendable {
    public var flushInterval: SimDuration
    /// 0 none, 1 drop source port, 2 pods by prefix and IPs to pub/pvt/network sets (default), 3 also drop dest port.
    public var aggregation: Int
    /// Write policy hit strings in the pre-2026 legacy name format (`ns/tier.staged:name`).
    public var legacyPolicyNames: Bool
    /// Delivery: how long after its flush (`end_time`) a flow log becomes searchable by the engine's query
    /// (the Fluentd → Elasticsearch/Linseed pipeline). `.none`: at once, as before this setting existed.
    public var ingestionLatency: IngestionLatency = .none
    /// Delivery: the fraction of flow logs that never become searchable (0…1).
    public var loss: Double = 0
    /// Delivery: each node's flush instants within the interval.
    public var flushPhase: FlushPhase = .aligned
    /// Delivery: how long the flow-log store keeps records; older ones are gone from every query. nil: longer
    /// than any query window.
    public var retention: SimDuration?
    public init(flushInterval: SimDuration = .seconds(300), aggregation: Int = 2, legacyPolicyNames: Bool = false) {
        self.flushInterval = flushInterval; self.aggregation = aggregation; self.legacyPolicyNames = legacyPolicyNames
    }
}

/// The static cluster description: what exists at some point of the run (see `ScenarioEvent` for when).
public struct ClusterSpec: Sendable {
    public var nodes: Int = 3
    public var namespaces: [NamespaceSpec] = []
    public var workloads: [WorkloadSpec] = []
    public var services: [ServiceSpec] = []
    /// NetworkSets and GlobalNetworkSets (`isGlobal`).
    public var networkSets: [NetworkSet] = []
    public var externalEndpoints: [ExternalEndpointSpec] = []
    public var tiers: [Tier] = []
    public var policies: [CalicoPolicy] = []
    public var kubernetesPolicies: [KubernetesNetworkPolicy] = []
    public init() {}
}

public struct NamespaceSpec: Hashable, Sendable {
    public var name: String
    public var labels: [String: String]
    public init(name: String, labels: [String: String] = [:]) { self.name = name; self.labels = labels }
}

/// A pod controller and its replicas.
public struct WorkloadSpec: Hashable, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case deployment = "Deployment"
        case statefulSet = "StatefulSet"
        case daemonSet = "DaemonSet"
    }
    public var name: String
    public var namespace: String
    public var kind: Kind
    public var labels: [String: String]
    public var replicas: Int
    public var serviceAccount: String
    public var ports: [ContainerPort]
    public init(
        name: String, namespace: String, kind: Kind = .deployment, labels: [String: String] = [:], replicas: Int = 1,
        serviceAccount: String = "default", ports: [ContainerPort] = []
    ) {
        self.name = name; self.namespace = namespace; self.kind = kind;
        self.labels = labels.isEmpty ? ["app": name] : labels
        self.replicas = replicas; self.serviceAccount = serviceAccount; self.ports = ports
    }
}

/// A Kubernetes Service: a selector (or a workload shortcut) and ports.
public struct ServiceSpec: Hashable, Sendable {
    public struct PortSpec: Hashable, Sendable {
        public var name: String?
        public var port: UInt16
        /// Number or container-port name; nil means the same number as `port`.
        public var targetPort: Port?
        public var `protocol`: ProtocolValue
        public init(name: String? = nil, port: UInt16, targetPort: Port? = nil, protocol: ProtocolValue = .tcp) {
            self.name = name; self.port = port; self.targetPort = targetPort; self.protocol = `protocol`
        }
    }
    public var name: String
    public var namespace: String
    public var selector: [String: String]
    public var ports: [PortSpec]
    public init(name: String, namespace: String, selector: [String: String], ports: [PortSpec]) {
        self.name = name; self.namespace = namespace; self.selector = selector; self.ports = ports
    }
}

/// Something outside the cluster: public IPs with the domains they serve, or a private range.
public struct ExternalEndpointSpec: Hashable, Sendable {
    public var name: String
    /// Addresses connections pick from (at least one).
    public var ips: [IPAddress]
    /// Domains DNS snooping links to these IPs (`dest_domains`).
    public var domains: [String]
    public init(name: String, ips: [IPAddress], domains: [String] = []) {
        self.name = name; self.ips = ips; self.domains = domains
    }
}

/// A timed change of the cluster or of the traffic.
public struct ScenarioEvent: Hashable, Sendable {
    public enum Change: Hashable, Sendable {
        case namespaceAppears(String)
        case namespaceDeleted(String)
        /// `namespace`, `name`.
        case workloadAppears(String, String)
        case workloadDeleted(String, String)
        /// A pattern id, or the id of an `eachWorkload` group.
        case patternStarts(String)
        case patternStops(String)
    }
    /// Offset from the scenario start.
    public var at: SimDuration
    public var change: Change
    public init(at: SimDuration, change: Change) { self.at = at; self.change = change }
}

/// The `expect:` block as read: its YAML node, with the scenario file's own line numbers, checked by
/// `Expectations.parse` when a regression run asks for it. Never mutated after loading, so sharing it across
/// threads is safe (Yams' `Node` is not marked `Sendable`).
public struct ExpectBlock: @unchecked Sendable {
    let node: Node
    /// The line of the block in the scenario file.
    public var line: Int { node.mark?.line ?? 0 }
}

/// The `recommendation:` section, as plain values for the harness (this target never imports the engine).
public struct RecommendationSettings: Hashable, Sendable {
    /// The initial `PolicyRecommendationScope` (inline or from `scopeFile`); nil when the scenario has none.
    public var scope: PolicyRecommendationScope?
    public var actions: [RecommendationAction] = []
    public var scopeChanges: [ScopeChange] = []
    public var automation: AutomationSpec?
    /// `assume:`: the engine model's named assumptions for this scenario (`recsim assumptions`); the command
    /// line's `--assume` overrides them one by one.
    public var assumptions = Assumptions()
    /// `engineStart:`: how long traffic runs before the engine is enabled (warm start), so its first
    /// recommendation sees a full initial lookback of history as in a cluster that ran before the feature was
    /// turned on. Zero: traffic and engine start together.
    public var engineStart: SimDuration = .zero
    public init() {}
}

/// A scripted user action on a namespace's recommendation.
public struct RecommendationAction: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case activate, dismiss, reactivate, enforce, deleteEnforced
    }
    public var at: SimDuration
    public var namespace: String
    public var action: Kind
}

/// A scripted edit of the scope at a time; nil fields are left unchanged.
public struct ScopeChange: Hashable, Sendable {
    public var at: SimDuration
    public var interval: SimDuration?
    public var stabilizationPeriod: SimDuration?
    public var initialLookback: SimDuration?
    public var selector: String?
    public var recStatus: PolicyRecommendationScope.RecStatus?
}

/// Automatic user behaviour: activate stable recommendations, enforce them after a delay.
public struct AutomationSpec: Hashable, Sendable {
    public var activateWhenStable: Bool
    public var enforceAfter: SimDuration?
}
