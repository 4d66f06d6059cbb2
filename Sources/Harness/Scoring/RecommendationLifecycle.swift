import Simulation

/// The life of one namespace's recommendation as the scorer needs it.
public struct RecommendationLifecycle: Sendable, Hashable {
    public var namespace: String
    public var firstRuleAt: SimInstant?
    public var firstStableAt: SimInstant?
    public var enforcedAt: SimInstant?
    /// Rule changes after the first rule (each resets the status to Learning).
    public var learningResets = 0
    public var renames = 0
    public var egressRules = 0
    public var ingressRules = 0

    public init(namespace: String) { self.namespace = namespace }

    public func phase(at t: SimInstant) -> ScoringPhase {
        if let e = enforcedAt, t >= e { return .enforced }
        if let s = firstStableAt, t >= s { return .afterStable }
        return .learning
    }
}
