import Foundation
import ResultStore
import Scenario
import Simulation

/// The closed form checked by simulation: the scenario run at the advised setting over several seeds, counting
/// the catchable classes the recommendation frozen at each namespace's first Stable moment denies.
public struct AdviceConfirmation: Sendable, Hashable {
    public var interval: SimDuration
    public var stabilization: SimDuration
    public var seeds: [UInt64]
    public var duration: SimDuration
    /// (class, seed) pairs checked, and those missed (denied by the version frozen at Stable).
    public var checked: Int
    public var missed: Int
    /// Missed classes with the seeds they were missed in.
    public var missedClasses: [(label: String, seeds: [UInt64])]
    public var missRate: Double { checked == 0 ? 0 : Double(missed) / Double(checked) }

    public static func == (a: Self, b: Self) -> Bool {
        a.interval == b.interval && a.stabilization == b.stabilization && a.seeds == b.seeds && a.checked == b.checked
            && a.missed == b.missed && a.missedClasses.map(\.label) == b.missedClasses.map(\.label)
    }
    public func hash(into h: inout Hasher) { h.combine(checked); h.combine(missed) }

    /// Long enough for the advised period to pass and for every catchable class to recur twice after it, in whole
    /// days (at least the scenario's duration, at most 90 days).
    public static func duration(for scenario: Scenario, advice: IntervalAdvice) -> SimDuration {
        var longest = SimDuration.hours(1)
        for r in advice.requirements where r.needed != nil {
            for c in r.adviceClass.components {
                if case .periodic(let period, let window) = c { longest = max(longest, period + window) }
            }
        }
        let needed = scenario.recommendation.engineStart + advice.stabilization + longest * 2 + .days(1)
        let days = (needed.seconds + 86_399) / 86_400  // whole days
        return min(.days(90), max(scenario.duration, .days(days)))
    }

    /// Runs the confirmation (seeds in parallel, `jobs` at a time); `progress(done, total)` counts finished seeds
    /// and may be called from several threads.
    public static func run(
        _ scenario: Scenario, advice: IntervalAdvice, seeds: [UInt64], jobs: Int,
        progress: (@Sendable (Int, Int) -> Void)? = nil
    ) throws -> AdviceConfirmation {
        let duration = Self.duration(for: scenario, advice: advice)
        var advised = scenario.recommendation.scope ?? defaultRunScope
        advised.spec.interval = advice.interval.goString
        advised.spec.stabilizationPeriod = advice.stabilization.goString
        let scope = advised
        let catchable = advice.requirements.filter { $0.needed != nil }.map(\.adviceClass)
        let results = MissBox(count: seeds.count)
        let finished = ErrorBox()
        let items = seeds.enumerated().map { (offset: $0.offset, element: $0.element) }
        let failure = BoundedParallel.forEach(items, jobs: jobs) { item in
            var options = RunOptions(seed: item.element, scope: scope, duration: duration)
            options.outcomeBucket = .days(1)
            let store = try ResultStore(path: ":memory:")
            let result = try ScenarioRunner(scenario: scenario, options: options).run(store: store)
            let denied = Set(
                try store.classVerdicts(run: result.runID!).filter { $0.truth == .legit && $0.atStableDeniedFlows > 0 }
                    .map(\.patternID))
            results.set(item.offset, catchable.filter { !$0.patterns.allSatisfy { !denied.contains($0) } }.map(\.label))
            let done = finished.increment()
            progress?(done, items.count)
        }
        if let failure { throw failure }
        try Interruption.check()
        var missedBy: [String: [UInt64]] = [:]
        for (i, seed) in seeds.enumerated() {
            for label in results.get(i) { missedBy[label, default: []].append(seed) }
        }
        return AdviceConfirmation(
            interval: advice.interval, stabilization: advice.stabilization, seeds: seeds, duration: duration,
            checked: catchable.count * seeds.count, missed: missedBy.values.map(\.count).reduce(0, +),
            missedClasses: missedBy.keys.sorted().map { ($0, missedBy[$0]!) })
    }
}

/// Per seed, the labels of missed classes (written from several threads).
private final class MissBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[String]]
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ i: Int, _ v: [String]) { lock.lock(); values[i] = v; lock.unlock() }
    func get(_ i: Int) -> [String] { lock.lock(); defer { lock.unlock() }; return values[i] }
}
