import Simulation

/// What a scenario's `expect:` block asks of a regression run (documented in docs/regress.md).
public struct Expectations: Sendable, Hashable {
    /// Simulated span of the regression run; nil runs the scenario's `duration`.
    public var duration: SimDuration?
    /// Run seed; nil uses the scenario's `seed`.
    public var seed: UInt64?
    public var metrics: [MetricBound]
    public var statuses: [StatusProbe]
    /// Folder of golden recommended policies (resolved against the scenario's folder), one `<ns>.yaml` each.
    public var policies: GoldenFolder?

    public init(
        duration: SimDuration? = nil, seed: UInt64? = nil, metrics: [MetricBound] = [], statuses: [StatusProbe] = [],
        policies: GoldenFolder? = nil
    ) {
        self.duration = duration; self.seed = seed; self.metrics = metrics; self.statuses = statuses;
        self.policies = policies
    }
}

/// A comparison in a metric bound.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case lessOrEqual = "<="
    case less = "<"
    case greaterOrEqual = ">="
    case greater = ">"
    case equal = "=="
    case notEqual = "!="

    public func holds(_ value: Double, _ bound: Double) -> Bool {
        switch self {
        case .lessOrEqual: return value <= bound
        case .less: return value < bound
        case .greaterOrEqual: return value >= bound
        case .greater: return value > bound
        case .equal: return value == bound
        case .notEqual: return value != bound
        }
    }
}

/// `[ns/]metric OP value`: a bound on one metric of the run (namespace "" is the overall figure).
public struct MetricBound: Sendable, Hashable {
    public var namespace: String
    public var name: String
    public var op: ComparisonOperator
    /// The bound in the metric's unit (seconds for time metrics; a duration on the right-hand side is converted).
    public var value: Double
    /// The bound as written, e.g. `shop/timeToStable <= 2h`.
    public var text: String
    /// Line of the bound in the scenario file.
    public var line: Int

    public init(namespace: String, name: String, op: ComparisonOperator, value: Double, text: String, line: Int) {
        self.namespace = namespace; self.name = name; self.op = op; self.value = value; self.text = text;
        self.line = line
    }

    /// Whether the metric holds seconds (shown and bounded as durations).
    public var isTime: Bool { MetricCatalog.isTime(name) }
}

/// The state of a namespace's recommendation a probe expects at a time offset.
public struct StatusProbe: Sendable, Hashable {
    /// The engine status of the staged recommendation, or `none` when there is no recommendation.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case learning = "Learning"
        case stabilizing = "Stabilizing"
        case stable = "Stable"
        case none
    }
    /// Offset from the scenario start; versions written at exactly this time count.
    public var at: SimDuration
    /// `at` as written (`3d1h`), for messages.
    public var atText: String
    public var namespace: String
    public var status: Status?
    /// `spec.stagedAction` of the staged recommendation (Set, Learn, Ignore, Delete).
    public var stagedAction: String?
    /// Whether an enforced copy of the recommendation (a NetworkPolicy) exists.
    public var enforced: Bool?
    public var line: Int

    public init(
        at: SimDuration, atText: String? = nil, namespace: String, status: Status? = nil, stagedAction: String? = nil,
        enforced: Bool? = nil, line: Int = 0
    ) {
        self.at = at; self.atText = atText ?? at.compact; self.namespace = namespace; self.status = status;
        self.stagedAction = stagedAction
        self.enforced = enforced; self.line = line
    }

    /// `shop at 1h: Stable, stagedAction Set, enforced`.
    public var text: String {
        var parts: [String] = []
        if let status { parts.append(status.rawValue) }
        if let stagedAction { parts.append("stagedAction \(stagedAction)") }
        if let enforced { parts.append(enforced ? "enforced" : "not enforced") }
        return "\(namespace) at \(atText): \(parts.joined(separator: ", "))"
    }
}

/// A folder of golden policies: `path` as written in the scenario, `resolved` against the scenario's folder.
public struct GoldenFolder: Sendable, Hashable {
    public var path: String
    public var resolved: String
    public var line: Int
    public init(path: String, resolved: String, line: Int) {
        self.path = path; self.resolved = resolved; self.line = line
    }
}

extension MetricCatalog {
    public static func isTime(_ name: String) -> Bool { name.hasPrefix("timeTo") }

    /// Names that may be absent from a run: time metrics are only reported once reached.
    public static func mayBeAbsent(_ name: String) -> Bool { isTime(name) }

    /// The closest known name to a misspelt one (same case-insensitive prefix, or the fewest edits).
    public static func suggestion(for name: String, overall: Bool) -> String? {
        let names = overall ? Self.overall : perNamespace
        let lower = name.lowercased()
        return names.min { distance($0.lowercased(), lower) < distance($1.lowercased(), lower) }
            .flatMap { distance($0.lowercased(), lower) <= max(2, name.count / 3) ? $0 : nil }
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
