import RecommendationEngine
import ResultStore
import Scenario
import Simulation

/// Decides, tick by tick, which injected faults hit the engine (the scenario's `faults:` block), and logs every
/// fault that happened. Random faults draw from a stream of the run's seed of their own, and only when their
/// probability is set, so a run without faults draws nothing.
struct FaultInjector {
    let random: RandomFaults
    private var stream: SeededGenerator
    /// Scripted tick faults waiting for their tick.
    private var missedTicks = 0
    private var delays: [SimDuration] = []
    private var queryErrors: [(namespace: String?, ticks: Int)] = []
    /// Every fault so far, in order.
    private(set) var log: [FaultRow] = []

    init(_ settings: FaultSettings, seed: UInt64) {
        random = settings.random
        stream = SeededGenerator(seed: seed).derived("faults")
    }

    /// What happens to a tick that is due.
    enum TickPlan {
        case missed
        case delayed(SimDuration)
        case run(QueryFailures)
    }

    /// Decides the fate of the tick due at `t` (a tick that already was delayed runs, with its query faults).
    mutating func plan(tickAt t: SimInstant, engine: RecommendationEngine) -> TickPlan {
        if !engine.isDelayedTick {
            if missedTicks > 0 {
                missedTicks -= 1
                note(t, .missedTick, detail: "scripted")
                return .missed
            }
            if random.missedTick > 0, stream.chance(random.missedTick) {
                note(t, .missedTick, detail: "random")
                return .missed
            }
            if !delays.isEmpty {
                let d = delays.removeFirst()
                note(t, .delayedTick, detail: "scripted, runs \(d.compact) late")
                return .delayed(d)
            }
            if random.delayedTick > 0, stream.chance(random.delayedTick) {
                note(t, .delayedTick, detail: "random, runs \(random.tickDelay.compact) late")
                return .delayed(random.tickDelay)
            }
        }
        return .run(queryFailures(at: t, selected: engine.selectedNamespaces))
    }

    /// The namespaces whose flow query fails on the tick at `t`.
    private mutating func queryFailures(at t: SimInstant, selected: [String]) -> QueryFailures {
        var all = false
        var failing: Set<String> = []
        for i in queryErrors.indices {
            if let ns = queryErrors[i].namespace { failing.insert(ns) } else { all = true }
            queryErrors[i].ticks -= 1
        }
        queryErrors.removeAll { $0.ticks <= 0 }
        if random.queryError > 0 {
            for ns in selected where stream.chance(random.queryError) { failing.insert(ns) }
        }
        if all {
            note(t, .queryError, detail: "every namespace's query fails")
            return .all
        }
        for ns in failing.sorted() { note(t, .queryError, namespace: ns, detail: "the query fails") }
        return failing.isEmpty ? .none : .namespaces(failing)
    }

    /// A scripted tick or query fault: waits for the tick(s) it hits.
    mutating func schedule(_ fault: Fault) {
        switch fault {
        case .missedTicks(let n): missedTicks += n
        case .delayedTick(let d): delays.append(d)
        case .queryError(let ns, let n): queryErrors.append((ns, n))
        case .engineRestart, .writeFailure: break
        }
    }

    /// The time to the next random restart after `t`, if restarts are random.
    mutating func nextRandomRestart(after t: SimInstant) -> SimInstant? {
        guard let mean = random.engineRestart, mean.seconds > 0 else { return nil }
        let gap = Int64(stream.exponential(rate: 1 / Double(mean.seconds)).rounded())
        return t + .seconds(max(1, gap))
    }

    mutating func note(_ t: SimInstant, _ kind: Fault.Kind, namespace: String = "", detail: String) {
        log.append(FaultRow(time: t, kind: kind.rawValue, namespace: namespace, detail: detail))
    }

    /// Logs the engine's failed writes among `changes`.
    mutating func noteWriteFailures(_ changes: [RecommendationChange], at t: SimInstant) {
        for case .writeFailed(let ns, let attempt) in changes {
            note(
                t, .writeFailure, namespace: ns,
                detail: "attempt \(attempt) fails; retried in \(RecommendationEngine.resyncPeriod.compact)")
        }
    }
}
