/// Everything a sweep report shows, as plain values. The Harness fills it from the runs of one sweep
/// (`ResultStore.sweepRuns`/`metrics(sweepID:)`) and computes `recommendation` with `SweepAnalysis`.
///
/// Lists are rendered in the order given (grid order is the convention: interval, then stabilization,
/// then lookback, each ascending).
public struct SweepReportData: Sendable, Hashable {
    public var sweepID: String
    public var scenario: String
    /// The seeds every grid point ran with.
    public var seeds: [UInt64]
    public var axes: SweepAxes
    /// Column order of the per-rarity figures.
    public var rarities: [String]
    public var points: [SweepPoint]
    /// The largest acceptable overall false-deny rate (a fraction, e.g. 0.001 for 0.1%).
    /// The decision's bounds per rarity.
    public var bounds: FalseDenyBounds
    /// The chosen settings (see `SweepAnalysis.recommend`).
    public var recommendation: SweepRecommendation
    /// The named assumptions every point rests on, and the engine's warnings; nil: not known (not printed).
    public var assumptions: AssumptionsBlock?
    /// The delivery model every point ran with (when it is not swept) and the engine faults; nil: not known.
    public var delivery: String?
    public var faults: String?

    public init(
        sweepID: String, scenario: String, seeds: [UInt64], axes: SweepAxes,
        rarities: [String] = RunReportData.defaultRarities, points: [SweepPoint], bounds: FalseDenyBounds,
        recommendation: SweepRecommendation
    ) {
        self.sweepID = sweepID; self.scenario = scenario; self.seeds = seeds; self.axes = axes
        self.rarities = rarities; self.points = points; self.bounds = bounds
        self.recommendation = recommendation
    }
}

/// A duration setting: how it was written (`5m`) and its length in seconds.
public struct SettingValue: Sendable, Hashable, Comparable {
    public var display: String
    public var seconds: Int64
    public init(_ display: String, seconds: Int64) { self.display = display; self.seconds = seconds }
    public static func < (a: SettingValue, b: SettingValue) -> Bool { (a.seconds, a.display) < (b.seconds, b.display) }
}

/// The values swept on each axis; `lookback` is empty when the query window was not swept.
public struct SweepAxes: Sendable, Hashable {
    public var interval: [SettingValue]
    public var stabilization: [SettingValue]
    public var lookback: [SettingValue]
    /// The delivery models swept (`--latency`, `--flush-interval`); empty when delivery was not swept.
    public var delivery: [SettingValue]
    public init(
        interval: [SettingValue], stabilization: [SettingValue], lookback: [SettingValue] = [],
        delivery: [SettingValue] = []
    ) {
        self.interval = interval; self.stabilization = stabilization; self.lookback = lookback
        self.delivery = delivery
    }
}

/// One grid point's engine settings.
///
/// Ordered the way the recommendation breaks ties: smaller stabilization period, then smaller processing
/// interval, then smaller lookback (none first), then label.
public struct SweepSetting: Sendable, Hashable, Comparable {
    /// Engine processing interval (how often it ticks).
    public var interval: SettingValue
    /// Stabilization period.
    public var stabilization: SettingValue
    /// Flow-log query window, when swept.
    public var lookback: SettingValue?
    /// The delivery model (`latency 2m0s`, `flush 1m, latency 0s`), when swept: a property of the log pipeline,
    /// not a setting the user chooses.
    public var delivery: SettingValue?

    public init(
        interval: SettingValue, stabilization: SettingValue, lookback: SettingValue? = nil,
        delivery: SettingValue? = nil
    ) {
        self.interval = interval; self.stabilization = stabilization; self.lookback = lookback
        self.delivery = delivery
    }

    /// `interval/stabilization[/lookback]`, e.g. `5m/1h/7d`, then the delivery model in brackets when swept.
    public var label: String { baseLabel + (delivery.map { " [\($0.display)]" } ?? "") }

    /// `interval/stabilization[/lookback]` without the delivery model.
    public var baseLabel: String {
        ([interval.display, stabilization.display] + (lookback.map { [$0.display] } ?? [])).joined(separator: "/")
    }

    /// This setting without its delivery model.
    public var withoutDelivery: SweepSetting {
        SweepSetting(interval: interval, stabilization: stabilization, lookback: lookback)
    }

    /// `interval 5m, stabilization 1h, lookback 7d`.
    public var longLabel: String {
        "interval \(interval.display), stabilization \(stabilization.display)"
            + (lookback.map { ", lookback \($0.display)" } ?? "")
    }

    public static func < (a: SweepSetting, b: SweepSetting) -> Bool {
        if a.stabilization != b.stabilization { return a.stabilization < b.stabilization }
        if a.interval != b.interval { return a.interval < b.interval }
        switch (a.lookback, b.lookback) {
        case let (x?, y?) where x != y: return x < y
        case (nil, _?): return true
        case (_?, nil): return false
        default: break
        }
        switch (a.delivery, b.delivery) {
        case let (x?, y?): return x < y
        case (nil, _?): return true
        default: return false
        }
    }
}

/// Results of one grid point over all seeds (and namespaces).
public struct SweepPoint: Sendable, Hashable {
    public var setting: SweepSetting
    /// Seeds that ran at this point (may be fewer than the sweep's if some runs are missing).
    public var seeds: Int
    /// Time to `Stable` in seconds for every (namespace, seed) pair; nil = never Stable during the run.
    public var timeToStable: [Int64?]
    /// False denies and legit traffic per rarity, summed over namespaces and seeds.
    public var byRarity: [RarityFalseDenies]
    /// Attack flows the staged policies would allow, summed over seeds.
    public var missedAttacks: Int
    /// Distinct attack classes (patterns) missed, summed over seeds.
    public var missedAttackClasses: Int
    /// Final rule counts of every (namespace, seed) pair.
    public var rules: [RuleCount]
    /// Per-namespace figures, for the per-namespace recommendation.
    public var namespaces: [NamespacePointScore]
    /// Flows the engine's steady query never saw because of delivery (`deliveryLateFlows.*`, `deliveryLostFlows.*`),
    /// legit rarities, summed over seeds; zero without a delivery model.
    public var lateFlows = 0
    public var lostFlows = 0
    /// By rarity: late or lost flows (summed over seeds) and the median over seeds of each run's median time to
    /// learn a legit class (seconds); only runs with a delivery model or faults report these.
    public var lateOrLostByRarity: [String: Int] = [:]
    public var timeToLearnByRarity: [String: Double] = [:]

    public init(
        setting: SweepSetting, seeds: Int, timeToStable: [Int64?], byRarity: [RarityFalseDenies],
        missedAttacks: Int, missedAttackClasses: Int = 0, rules: [RuleCount], namespaces: [NamespacePointScore] = []
    ) {
        self.setting = setting; self.seeds = seeds; self.timeToStable = timeToStable; self.byRarity = byRarity
        self.missedAttacks = missedAttacks; self.missedAttackClasses = missedAttackClasses; self.rules = rules
        self.namespaces = namespaces
    }

    /// False-deny flows over legit flows, all rarities (0 when there was no legit traffic).
    public var falseDenyRate: Double {
        SweepAnalysis.rate(byRarity.map(\.falseDenyFlows).reduce(0, +), of: byRarity.map(\.legitFlows).reduce(0, +))
    }

    /// The figures of one rarity (zeros when absent).
    public func rarity(_ name: String) -> RarityFalseDenies {
        byRarity.first { $0.rarity == name } ?? RarityFalseDenies(rarity: name, legitFlows: 0, falseDenyFlows: 0)
    }

    /// Quantiles of `timeToStable` (never-Stable pairs count as +∞).
    public var timeToStableStats: TimeToStableStats { SweepAnalysis.timeToStable(timeToStable) }
}

/// False denies of one traffic rarity.
public struct RarityFalseDenies: Sendable, Hashable {
    public var rarity: String
    /// Legit flows of this rarity (the rate's denominator).
    public var legitFlows: Int
    /// Legit flows of this rarity the staged policy denied.
    public var falseDenyFlows: Int
    /// Distinct traffic classes (patterns) of this rarity with at least one false deny, summed over seeds.
    public var falseDenyClasses: Int

    public init(rarity: String, legitFlows: Int, falseDenyFlows: Int, falseDenyClasses: Int = 0) {
        self.rarity = rarity; self.legitFlows = legitFlows; self.falseDenyFlows = falseDenyFlows
        self.falseDenyClasses = falseDenyClasses
    }

    public var rate: Double { SweepAnalysis.rate(falseDenyFlows, of: legitFlows) }
}

/// Rule counts of one namespace's final recommendation.
public struct RuleCount: Sendable, Hashable {
    public var egress: Int
    public var ingress: Int
    public init(egress: Int, ingress: Int) { self.egress = egress; self.ingress = ingress }
    public var total: Int { egress + ingress }
}

/// One namespace at one grid point, over all seeds.
public struct NamespacePointScore: Sendable, Hashable {
    public var namespace: String
    /// Time to Stable per seed in seconds; nil = never.
    public var timeToStable: [Int64?]
    public var legitFlows: Int
    public var falseDenyFlows: Int
    /// The same counts per rarity.
    public var byRarity: [RarityFalseDenies]

    public init(
        namespace: String, timeToStable: [Int64?], legitFlows: Int, falseDenyFlows: Int,
        byRarity: [RarityFalseDenies] = []
    ) {
        self.namespace = namespace; self.timeToStable = timeToStable
        self.legitFlows = legitFlows; self.falseDenyFlows = falseDenyFlows; self.byRarity = byRarity
    }
}

/// A chosen setting with the figures it was chosen on.
public struct SweepChoice: Sendable, Hashable {
    public var setting: SweepSetting
    /// Median time to Stable in seconds (finite: a setting whose median is "never" is never chosen).
    public var medianTimeToStable: Double
    public var falseDenyRate: Double
    /// Counts per rarity, which the bounds are checked against.
    public var byRarity: [RarityFalseDenies]
    public init(
        setting: SweepSetting, medianTimeToStable: Double, falseDenyRate: Double, byRarity: [RarityFalseDenies] = []
    ) {
        self.setting = setting; self.medianTimeToStable = medianTimeToStable; self.falseDenyRate = falseDenyRate
        self.byRarity = byRarity
    }

    /// The rate of one rarity (0 when it had no legit flows).
    public func rate(_ rarity: String) -> Double { byRarity.first { $0.rarity == rarity }?.rate ?? 0 }

    /// Whether every bounded rarity's rate is at or under its bound.
    /// Without per-rarity counts, the overall rate is held to the bound of unlisted rarities.
    public func meets(_ bounds: FalseDenyBounds) -> Bool {
        if byRarity.isEmpty { return bounds.otherwise.map { falseDenyRate <= $0 } ?? true }
        return byRarity.allSatisfy { r in bounds.bound(for: r.rarity).map { r.rate <= $0 } ?? true }
    }
}

/// The recommendation: overall and per namespace; nil where no setting meets the bound.
public struct SweepRecommendation: Sendable, Hashable {
    public struct Namespace: Sendable, Hashable {
        public var namespace: String
        public var choice: SweepChoice?
        public init(namespace: String, choice: SweepChoice?) { self.namespace = namespace; self.choice = choice }
    }

    public var overall: SweepChoice?
    /// By namespace name.
    public var perNamespace: [Namespace]
    /// With a delivery axis: the shortest safe setting for each delivery model swept, in axis order (`overall` is
    /// then the shortest setting safe under every one of them).
    public var perDelivery: [DeliveryChoice] = []

    public struct DeliveryChoice: Sendable, Hashable {
        public var delivery: SettingValue
        public var choice: SweepChoice?
        public init(delivery: SettingValue, choice: SweepChoice?) { self.delivery = delivery; self.choice = choice }
    }
    public init(overall: SweepChoice?, perNamespace: [Namespace] = []) {
        self.overall = overall; self.perNamespace = perNamespace
    }
}
