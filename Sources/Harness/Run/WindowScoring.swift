import Simulation
import TrafficGeneration

/// The scoring half of a run: each window's connections judged against the current recommendations (and the
/// versions frozen at Stable) and tallied by the scorer, plus the legit traffic over-permissiveness is measured
/// against.
///
/// It reads the window and the namespaces' lifecycles, never the flow-log records, so `RunSession` can run it
/// while the same window's records are aggregated, fingerprinted and ingested.
struct WindowScoring {
    /// The evaluators of the current and frozen policies; nil until the first window.
    var builder: ObservationBuilder?
    var scorer: Scorer
    var overPermissiveness = OverPermissiveness()
    private var observations: [ScoredObservation] = []
    /// Per namespace id: its scoring phase in the current window.
    private var phases: [ScoringPhase?] = []

    init(bucket: SimDuration) { scorer = Scorer(bucket: bucket) }

    /// Notes the window's legit traffic and, when `scored`, judges and tallies each of its connections in the phase
    /// its namespace is in at the window's end.
    mutating func observe(
        _ window: ConnectionWindow, scored: Bool, lifecycles: [String: RecommendationLifecycle]
    ) {
        overPermissiveness.observe(window)
        guard scored, builder != nil else { return }
        observations.removeAll(keepingCapacity: true)
        builder!.observations(window, names: &scorer.names, into: &observations)
        phases.removeAll(keepingCapacity: true)
        for o in observations {
            let ns = Int(o.namespace)
            if ns >= phases.count { phases.append(contentsOf: repeatElement(nil, count: ns - phases.count + 1)) }
            if phases[ns] == nil {
                let name = scorer.names[o.namespace]
                phases[ns] = (lifecycles[name] ?? RecommendationLifecycle(namespace: name)).phase(at: window.end)
            }
            scorer.record(o, phase: phases[ns]!)
        }
    }
}
