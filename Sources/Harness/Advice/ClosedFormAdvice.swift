import Foundation
import Inference
import RecommendationEngine
import Scenario
import Simulation

/// What `recsim advise` is asked.
public struct AdviceRequest: Sendable {
    /// The largest acceptable chance that a class is not yet learned when its namespace first becomes Stable.
    public var targetMiss: Double = 0.01
    /// Candidate processing intervals; empty: the scenario's (or the engine's default).
    public var intervals: [SimDuration] = []
    /// Stabilization periods considered, ascending; the longest is the most any advice asks for.
    public var ladder: [SimDuration] = AdviceRequest.defaultLadder
    public init() {}

    public static let defaultLadder: [SimDuration] = [
        .minutes(10), .minutes(30), .hours(1), .hours(2), .hours(6), .hours(12), .days(1), .days(2), .days(3),
        .days(7), .days(8), .days(14),
    ]
}

/// One class's need: the shortest stabilization period on the ladder for which it is learned before Stable with
/// probability at least 1 − target; nil when none is (with the reason).
public struct ClassRequirement: Sendable, Hashable {
    public var adviceClass: AdviceClass
    public var needed: SimDuration?
    /// The closed form's miss probability at `needed`.
    public var missAtNeeded: Double?
    /// Why no setting catches it (seen once, longer than the ladder, appears by a scripted event).
    public var uncatchable: String?
}

/// The closed-form answer for one interval.
public struct IntervalAdvice: Sendable, Hashable {
    public var interval: SimDuration
    /// Cluster-wide: the longest need of any catchable class (the scope's settings apply to every namespace).
    public var stabilization: SimDuration
    public var requirements: [ClassRequirement]
    /// The classes whose need is the answer.
    public var drivers: [ClassRequirement] { requirements.filter { $0.needed == stabilization } }
    public var uncatchable: [ClassRequirement] { requirements.filter { $0.uncatchable != nil } }
    /// Per namespace (a diagnostic): the longest need of a class with an end in it.
    public var perNamespace: [(namespace: String, stabilization: SimDuration)] {
        var need: [String: SimDuration] = [:]
        for r in requirements {
            guard let n = r.needed else { continue }
            for ns in r.adviceClass.namespaces { need[ns] = max(need[ns] ?? .zero, n) }
        }
        return need.keys.sorted().map { ($0, need[$0]!) }
    }
    public static func == (a: Self, b: Self) -> Bool {
        a.interval == b.interval && a.stabilization == b.stabilization && a.requirements == b.requirements
    }
    public func hash(into h: inout Hasher) { h.combine(interval); h.combine(stabilization) }
}

public enum ClosedFormAdvice {
    /// The closed forms (`AdviceClass.missProbability`) over the ladder, for each interval. A flow is learned only
    /// once it is flushed and a tick has queried it, so each window is shortened by the interval and the flush
    /// interval.
    ///
    /// Classes with a pattern whose traffic does not run all along — a scripted event starts or stops it, or one of
    /// its ends appears or goes away (`InferenceCheck.partialPatterns`) — are listed, not waited for: the closed
    /// forms assume stationary traffic, and traffic that appears after a namespace is Stable is missed whatever the
    /// period. The confirming simulation does not count them either.
    public static func advise(_ scenario: Scenario, request: AdviceRequest) -> [IntervalAdvice] {
        let classes = AdviceClass.classes(of: scenario)
        let partial = InferenceCheck.partialPatterns(scenario)
        let intervals = request.intervals.isEmpty ? [defaultInterval(scenario)] : request.intervals
        return intervals.map { interval in
            let margin = interval + scenario.flowLogs.flushInterval
            let ladder = request.ladder.filter { $0 >= interval }
            let requirements = classes.map { c -> ClassRequirement in
                if c.isOnceOnly {
                    return ClassRequirement(
                        adviceClass: c, needed: nil, missAtNeeded: nil, uncatchable: "seen once: it never recurs")
                }
                if c.patterns.contains(where: partial.contains) {
                    return ClassRequirement(
                        adviceClass: c, needed: nil, missAtNeeded: nil,
                        uncatchable:
                            "begins or ends during the scenario (a scripted event): no stabilization period waits for traffic that does not exist yet"
                    )
                }
                for w in ladder {
                    let miss = c.missProbability(window: w - margin)
                    if miss <= request.targetMiss {
                        return ClassRequirement(adviceClass: c, needed: w, missAtNeeded: miss, uncatchable: nil)
                    }
                }
                let longest = ladder.last ?? interval
                return ClassRequirement(
                    adviceClass: c, needed: nil, missAtNeeded: nil,
                    uncatchable:
                        "no stabilization period up to \(longest.compact) learns it with probability ≥ \(1 - request.targetMiss) (\(c.shapeText))"
                )
            }
            let need = requirements.compactMap(\.needed).max() ?? ladder.first ?? interval
            return IntervalAdvice(interval: interval, stabilization: need, requirements: requirements)
        }
    }

    /// The scope's interval, else the engine's default.
    static func defaultInterval(_ scenario: Scenario) -> SimDuration {
        let settings = ScenarioRunner(scenario: scenario).settings(
            for: scenario.recommendation.scope ?? defaultRunScope)
        return settings.engine.interval ?? EngineSettings(defaults: settings.assumptions.engineDefaults).interval
    }
}

extension AdviceClass {
    /// `weekly (every 7d, within 30m)`, `steady (12/h)`: the shape in words.
    public var shapeText: String {
        let parts = components.map { c -> String in
            switch c {
            case .poisson(let rate, let amplitude, _):
                return "Poisson \(ClassEstimator.format(rate))/h" + (amplitude > 0 ? " with a diurnal swing" : "")
            case .periodic(let period, let window): return "every \(period.compact) within \(window.compact)"
            case .once: return "once"
            }
        }
        return "\(rarity.rawValue): " + parts.joined(separator: " + ")
    }
}
