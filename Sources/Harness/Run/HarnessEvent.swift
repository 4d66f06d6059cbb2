import CalicoModel
import Scenario
import Simulation
import TrafficGeneration

/// Things that happen on the run's clock besides flow-log flushes and engine ticks.
enum HarnessEvent: Sendable {
    case userAction(RecommendationAction)
    case scopeChange(ScopeChange)
    case topology(ScenarioEvent.Change)
    /// The end of a warm start (`recommendation.engineStart`): the scope's `recStatus: Enabled` reaches the engine.
    case enableEngine
    /// A scripted fault (`faults.events`).
    case fault(Fault)
    /// A random engine restart (`faults.random.engineRestart`); the next one is drawn when it happens.
    case randomRestart
    /// The engine's new pod starts after a restart's downtime.
    case engineUp
}

extension PolicyRecommendationScope {
    /// This scope with a scripted change applied (nil fields unchanged).
    func applying(_ c: ScopeChange) -> PolicyRecommendationScope {
        var s = self
        if let v = c.interval { s.spec.interval = v.goString }
        if let v = c.stabilizationPeriod { s.spec.stabilizationPeriod = v.goString }
        if let v = c.initialLookback { s.spec.initialLookback = v.goString }
        if c.selector != nil || c.recStatus != nil {
            var ns = s.spec.namespaceSpec ?? .init(selector: "")
            if let sel = c.selector { ns.selector = sel }
            if let st = c.recStatus { ns.recStatus = st }
            s.spec.namespaceSpec = ns
        }
        return s
    }
}
