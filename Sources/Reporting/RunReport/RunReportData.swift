/// Everything a single-run report shows, as plain values. The Harness fills it from the result store's
/// rows (runs, recommendations, outcomes, metrics); the renderers never look anywhere else.
///
/// Times are Unix seconds of *virtual* time; durations are seconds. Lists are rendered in the order given,
/// so the producer decides the order (namespaces by name is the convention).
public struct RunReportData: Sendable, Hashable {
    public var run: RunSummary
    /// Column order of the false-deny-by-rarity counts (`steady, hourly, daily, weekly, monthly, once`).
    public var rarities: [String]
    /// One row per namespace in scope.
    public var namespaces: [NamespaceSummary]
    /// Per namespace: the recommendation's state and rule counts whenever either changed.
    public var timelines: [NamespaceTimeline]
    /// False denies per time bucket, one series per rarity or per namespace.
    public var falseDenies: FalseDenySeries
    /// The traffic classes behind each namespace's answer (legit denied after Stable, attacks allowed).
    public var classFindings: [ClassFinding]
    /// Attack flows allowed per time bucket by namespace (staged verdict after Stable, enforced once enforced);
    /// nil when the run had no attack traffic.
    public var missedAttacks: FalseDenySeries?
    /// Each namespace's final recommended policy as YAML (what `recsim recommend` would write).
    public var policies: [PolicyText]

    public init(
        run: RunSummary, rarities: [String] = RunReportData.defaultRarities, namespaces: [NamespaceSummary],
        timelines: [NamespaceTimeline], falseDenies: FalseDenySeries, classFindings: [ClassFinding] = [],
        missedAttacks: FalseDenySeries? = nil, policies: [PolicyText] = []
    ) {
        self.run = run; self.rarities = rarities; self.namespaces = namespaces
        self.timelines = timelines; self.falseDenies = falseDenies; self.classFindings = classFindings
        self.missedAttacks = missedAttacks; self.policies = policies
    }

    public static let defaultRarities = ["steady", "hourly", "daily", "weekly", "monthly", "once"]
}

/// A namespace's recommended policy as text.
public struct PolicyText: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var yaml: String
    public init(namespace: String, name: String, yaml: String) {
        self.namespace = namespace; self.name = name; self.yaml = yaml
    }
}

/// A key and its display value (settings, run-wide metrics). Order is the producer's.
public struct ReportEntry: Sendable, Hashable {
    public var key: String
    public var value: String
    public init(_ key: String, _ value: String) { self.key = key; self.value = value }
}

/// The run's identity and headline numbers.
public struct RunSummary: Sendable, Hashable {
    /// Lifecycle of the reported run (mirrors the result store's run status).
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case running, complete, incomplete, interrupted
    }

    /// The store's run id, when the run came from a store.
    public var runID: Int64?
    public var scenario: String
    public var seed: UInt64
    /// Nil while the run is not complete.
    public var fingerprint: String?
    /// Whether the run finished; reports of unfinished runs say so at the top.
    public var status: Status
    public var virtualStart: Int64
    public var virtualEnd: Int64
    /// Engine and harness settings, already formatted.
    public var settings: [ReportEntry]
    /// Run-wide results (totals, rates), already formatted.
    public var metrics: [ReportEntry]
    /// The named assumptions the run rests on and the engine's warnings; nil: not known (not printed).
    public var assumptions: AssumptionsBlock?
    /// The delivery model and the engine faults; nil: not known (not printed).
    public var delivery: DeliveryBlock?

    public init(
        runID: Int64? = nil, scenario: String, seed: UInt64, fingerprint: String?, status: Status = .complete,
        virtualStart: Int64, virtualEnd: Int64, settings: [ReportEntry] = [], metrics: [ReportEntry] = [],
        assumptions: AssumptionsBlock? = nil
    ) {
        self.assumptions = assumptions
        self.runID = runID; self.scenario = scenario; self.seed = seed; self.fingerprint = fingerprint
        self.status = status; self.virtualStart = virtualStart; self.virtualEnd = virtualEnd
        self.settings = settings; self.metrics = metrics
    }
}

/// One namespace's scores.
public struct NamespaceSummary: Sendable, Hashable {
    public var namespace: String
    /// Seconds from run start until the recommendation first had a rule; nil if never.
    public var timeToFirstRule: Int64?
    /// Seconds from run start until the recommendation first reached `Stable`; nil if never.
    public var timeToStable: Int64?
    /// Times the status fell back to `Learning` after `Stabilizing`/`Stable`.
    public var learningResets: Int
    /// Times the recommended policy was renamed.
    public var renames: Int
    /// Rule counts of the final version.
    public var egressRules: Int
    public var ingressRules: Int
    /// Legit flows denied by the pending (staged) verdict, keyed by rarity; missing keys count 0.
    /// Only keys listed in `RunReportData.rarities` are shown; `falseDeniesTotal` counts all keys.
    public var falseDenies: [String: Int]
    /// Legit flows the version frozen at the first Stable moment denies (to the end of the run), keyed by rarity.
    public var falseDeniesAtStable: [String: Int]
    /// Attack flows the recommendation would allow.
    public var missedAttacks: Int
    /// Allowed (source, destination, port) tuples that no legit traffic needed.
    public var overPermissive: Int
    /// Fraction (0...1) of legit traffic allowed by explicit rules; nil when not measured.
    public var coverage: Double?

    public init(
        namespace: String, timeToFirstRule: Int64?, timeToStable: Int64?, learningResets: Int = 0,
        renames: Int = 0, egressRules: Int, ingressRules: Int, falseDenies: [String: Int] = [:],
        falseDeniesAtStable: [String: Int] = [:], missedAttacks: Int = 0, overPermissive: Int = 0,
        coverage: Double? = nil
    ) {
        self.falseDeniesAtStable = falseDeniesAtStable
        self.namespace = namespace; self.timeToFirstRule = timeToFirstRule; self.timeToStable = timeToStable
        self.learningResets = learningResets; self.renames = renames
        self.egressRules = egressRules; self.ingressRules = ingressRules; self.falseDenies = falseDenies
        self.missedAttacks = missedAttacks; self.overPermissive = overPermissive; self.coverage = coverage
    }

    public var falseDeniesTotal: Int { falseDenies.values.reduce(0, +) }
}

/// What a namespace's recommendation was doing at a point in time, for the status timeline.
public enum PolicyState: String, Sendable, Hashable, CaseIterable {
    /// No recommendation exists (before the first one, after deletion).
    case none = "None"
    case learning = "Learning"
    case stabilizing = "Stabilizing"
    case stable = "Stable"
    /// The user activated the staged policy (`stagedAction: Set`).
    case set = "Set"
    /// The user dismissed it (`stagedAction: Ignore`).
    case ignore = "Ignore"
    /// The user enforced it: it is a real policy now.
    case enforced = "Enforced"

    /// Display colour in timelines.
    public var color: String {
        switch self {
        case .none: "#eeeeee"
        case .learning: "#edc948"
        case .stabilizing: "#f28e2b"
        case .stable: "#59a14f"
        case .set: "#4e79a7"
        case .ignore: "#bab0ac"
        case .enforced: "#b07aa1"
        }
    }
}

/// A namespace's recommendation over time: one point per change of state or rule counts, in time order.
public struct NamespaceTimeline: Sendable, Hashable {
    public struct Point: Sendable, Hashable {
        public var time: Int64
        /// The state from this time on.
        public var state: PolicyState
        public var egressRules: Int
        public var ingressRules: Int
        public init(time: Int64, state: PolicyState, egressRules: Int, ingressRules: Int) {
            self.time = time; self.state = state; self.egressRules = egressRules; self.ingressRules = ingressRules
        }
    }

    public var namespace: String
    public var points: [Point]
    public init(namespace: String, points: [Point]) { self.namespace = namespace; self.points = points }
}

/// False denies per time bucket, grouped by rarity or by namespace.
public struct FalseDenySeries: Sendable, Hashable {
    public enum Grouping: String, Sendable, Hashable { case rarity, namespace }

    /// A group's count per bucket start; buckets with no false denies may be omitted (they read as 0).
    public struct Series: Sendable, Hashable {
        public var group: String
        public var buckets: [Bucket]
        public init(group: String, buckets: [Bucket]) { self.group = group; self.buckets = buckets }
    }

    public struct Bucket: Sendable, Hashable {
        public var start: Int64
        public var count: Int
        public init(start: Int64, count: Int) { self.start = start; self.count = count }
    }

    public var grouping: Grouping
    /// Bucket width in seconds (for labels).
    public var bucketSeconds: Int64
    public var series: [Series]

    public init(grouping: Grouping, bucketSeconds: Int64, series: [Series]) {
        self.grouping = grouping; self.bucketSeconds = bucketSeconds; self.series = series
    }
}
